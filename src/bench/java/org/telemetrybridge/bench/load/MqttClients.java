package org.telemetrybridge.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import org.telemetrybridge.bench.measure.Deliveries;

/**
 * The MQTT clients of one run (HiveMQ's client, asynchronous API, MQTT 3.1.1 or with
 * {@code --mqtt-version 5} MQTT 5; clean sessions unless {@code --persistent-sessions}),
 * disconnected together at the end. Client number n connects from loopback source address number
 * first + n / connectionsPerAddress, so many thousands of connections never run out of ephemeral
 * ports. Each run starts at other addresses than the run before it: that run's 10,000 closed
 * connections stay in TIME_WAIT for a minute and would leave too few free ports on the same address.
 */
public final class MqttClients implements AutoCloseable {

    /** Source addresses a run may use: enough for 25,000 connections at 10,000 per address. */
    private static final int ADDRESSES_PER_RUN = 3;
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** Connections being set up at once: more would overflow the servers' listen backlogs. */
    private static final int CONCURRENT_CONNECTS = 100;

    private final Target target;
    private final LoadOptions options;
    private final List<MqttDevice> clients = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger created = new AtomicInteger();
    /** Clients connect with clean session off (persistent sessions) when set. */
    private volatile boolean persistentSessions;
    private final int firstAddress = (RUNS.getAndIncrement() % 100) * ADDRESSES_PER_RUN;

    public MqttClients(Target target, LoadOptions options) {
        this.target = target;
        this.options = options;
        this.persistentSessions = options.persistentSessions;
    }

    /** Connects one client; whatever it receives, subscribed or not, goes to {@code receiver} if given. */
    public MqttDevice connect(String clientId, Deliveries.Receiver receiver) {
        CompletableFuture<MqttDevice> connected = connectAsync(clientId, receiver);
        awaitSetUp(List.of(connected));
        return connected.join();
    }

    /** Connects many clients, a bounded number at a time; {@code receivers} may be null. */
    public List<MqttDevice> connectAll(List<String> clientIds, List<Deliveries.Receiver> receivers)
            throws InterruptedException {
        Semaphore slots = new Semaphore(CONCURRENT_CONNECTS);
        List<CompletableFuture<MqttDevice>> connecting = new ArrayList<>();
        for (int i = 0; i < clientIds.size(); i++) {
            slots.acquire();
            CompletableFuture<MqttDevice> connected =
                    connectAsync(clientIds.get(i), receivers == null ? null : receivers.get(i));
            connected.whenComplete((client, failure) -> slots.release());
            connecting.add(connected);
        }
        awaitSetUp(connecting);
        return connecting.stream().map(CompletableFuture::join).toList();
    }

    /**
     * Connects a client and disconnects it as soon as its CONNACK is in: one connection set-up (with
     * the TLS handshake on a TLS target). The client is not kept.
     */
    public CompletableFuture<Void> connectAndDisconnect(String clientId) {
        MqttDevice client = newClient(clientId);
        return client.connect(options.keepAliveSeconds, true).thenCompose(ack -> client.disconnect());
    }

    private MqttDevice newClient(String clientId) {
        int number = created.getAndIncrement();
        MqttClientTransportConfigBuilder transport = MqttClientTransportConfig.builder()
                .serverHost(target.host())
                .serverPort(target.mqttPort())
                .localAddress(Loopback.sourceAddress(firstAddress + number / options.connectionsPerAddress))
                .mqttConnectTimeout(60, TimeUnit.SECONDS);
        if (target.tls() != null) {
            // Set on the transport: hivemq's client-level sslConfig does not survive a transport config.
            transport.sslConfig(MqttClientSslConfig.builder().trustManagerFactory(target.tls()).build());
        }
        if (options.mqtt5()) {
            return new Mqtt5Device(MqttClient.builder().useMqttVersion5().identifier(clientId)
                    .transportConfig(transport.build()).buildAsync());
        }
        return new Mqtt3Device(MqttClient.builder().useMqttVersion3().identifier(clientId)
                .transportConfig(transport.build()).buildAsync());
    }

    private CompletableFuture<MqttDevice> connectAsync(String clientId, Deliveries.Receiver receiver) {
        MqttDevice client = newClient(clientId);
        if (receiver != null) {
            // Registered before CONNECT, so messages sent to the client without a subscription
            // (the transmit queue) are received too.
            client.onPublish(receiver);
        }
        clients.add(client);
        return client.connect(options.keepAliveSeconds, !persistentSessions).thenApply(ack -> client);
    }

    /** Clients connected from now on have persistent sessions (clean session off). */
    public MqttClients persistentSessions() {
        persistentSessions = true;
        return this;
    }

    public void subscribe(MqttDevice client, String filter, int qos) {
        awaitSetUp(List.of(subscribeAsync(client, filter, qos)));
    }

    /** Subscribes client i to filters.get(i), all at once: a server may take a while per subscription. */
    public void subscribeAll(List<MqttDevice> clients, List<String> filters, int qos) {
        List<CompletableFuture<Void>> subscribing = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            subscribing.add(subscribeAsync(clients.get(i), filters.get(i), qos));
        }
        awaitSetUp(subscribing);
    }

    /** Setting up is bounded in time too: a server that cannot take the clients fails the run. */
    private void awaitSetUp(List<? extends CompletableFuture<?>> steps) {
        try {
            CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).get(options.setupSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Clients not set up within --setup-timeout " + options.setupSeconds + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("A client could not be set up: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<Void> subscribeAsync(MqttDevice client, String filter, int qos) {
        return client.subscribe(filter, MqttQos.fromCode(qos));
    }

    /** Clients still connected. */
    public int connected() {
        synchronized (clients) {
            return (int) clients.stream().filter(MqttDevice::isConnected).count();
        }
    }

    public Publisher publisher(MqttDevice client, String topic, int qos, int deliveriesPerMessage) {
        return new MqttPublisher(client, MqttTopic.of(topic), MqttQos.fromCode(qos), deliveriesPerMessage);
    }

    /** Client i publishes on topics.apply(i), each message for one receiver. */
    public List<Publisher> publishers(List<MqttDevice> clients, IntFunction<String> topics, int qos) {
        return IntStream.range(0, clients.size())
                .mapToObj(i -> publisher(clients.get(i), topics.apply(i), qos, 1)).toList();
    }

    /** Publishes without waiting: a failed or refused publish frees its place in the window. */
    private record MqttPublisher(MqttDevice client, MqttTopic topic, MqttQos qos, int deliveriesPerMessage)
            implements Publisher {
        @Override
        public void publish(long sequence, byte[] payload, Consumer<Throwable> onFailure) {
            client.publish(topic, qos, payload)
                    .whenComplete((publish, failure) -> {
                        if (failure != null) {
                            onFailure.accept(failure);
                        }
                    });
        }
    }

    /** One MQTT client of the run, whatever its protocol version. */
    public interface MqttDevice {
        /** @param clean clean session (3.1.1) / clean start with no session expiry (5); else a persistent session */
        CompletableFuture<?> connect(int keepAliveSeconds, boolean clean);

        /** Subscribes; fails if the server refuses the filter. */
        CompletableFuture<Void> subscribe(String filter, MqttQos qos);

        CompletableFuture<?> publish(MqttTopic topic, MqttQos qos, byte[] payload);

        /** Whatever the client receives goes to the receiver; set before connecting. */
        void onPublish(Deliveries.Receiver receiver);

        CompletableFuture<Void> disconnect();

        boolean isConnected();
    }

    private record Mqtt3Device(Mqtt3AsyncClient client) implements MqttDevice {
        @Override
        public CompletableFuture<?> connect(int keepAliveSeconds, boolean clean) {
            return client.connectWith().cleanSession(clean).keepAlive(keepAliveSeconds).send();
        }

        @Override
        public CompletableFuture<Void> subscribe(String filter, MqttQos qos) {
            return client.subscribeWith().topicFilter(filter).qos(qos).send().thenAccept(ack -> {
                if (ack.getReturnCodes().stream().anyMatch(code -> code.isError())) {
                    throw new IllegalStateException("SUBSCRIBE " + filter + " refused: " + ack.getReturnCodes());
                }
            });
        }

        @Override
        public CompletableFuture<?> publish(MqttTopic topic, MqttQos qos, byte[] payload) {
            return client.publishWith().topic(topic).qos(qos).payload(payload).send();
        }

        @Override
        public void onPublish(Deliveries.Receiver receiver) {
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> receiver.record(publish.getPayload().orElseThrow()));
        }

        @Override
        public CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }

        @Override
        public boolean isConnected() {
            return client.getState().isConnected();
        }
    }

    private record Mqtt5Device(Mqtt5AsyncClient client) implements MqttDevice {
        @Override
        public CompletableFuture<?> connect(int keepAliveSeconds, boolean clean) {
            return client.connectWith().cleanStart(clean).sessionExpiryInterval(clean ? 0 : 0xFFFF_FFFFL)
                    .keepAlive(keepAliveSeconds).send();
        }

        @Override
        public CompletableFuture<Void> subscribe(String filter, MqttQos qos) {
            return client.subscribeWith().topicFilter(filter).qos(qos).send().thenAccept(ack -> {
                if (ack.getReasonCodes().stream().anyMatch(code -> code.isError())) {
                    throw new IllegalStateException("SUBSCRIBE " + filter + " refused: " + ack.getReasonCodes());
                }
            });
        }

        @Override
        public CompletableFuture<?> publish(MqttTopic topic, MqttQos qos, byte[] payload) {
            return client.publishWith().topic(topic).qos(qos).payload(payload).send();
        }

        @Override
        public void onPublish(Deliveries.Receiver receiver) {
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> receiver.record(publish.getPayload().orElseThrow()));
        }

        @Override
        public CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }

        @Override
        public boolean isConnected() {
            return client.getState().isConnected();
        }
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> disconnecting;
        synchronized (clients) {
            disconnecting = clients.stream()
                    .filter(MqttDevice::isConnected)
                    .map(client -> client.disconnect().exceptionally(failure -> null))
                    .toList();
            clients.clear();
        }
        try {
            CompletableFuture.allOf(disconnecting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench: not every client disconnected cleanly: " + e);
        }
    }
}

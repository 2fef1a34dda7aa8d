package org.telemetrybridge.admin;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code clients list|show|disconnect|purge}: the operator's client commands against a running bridge
 * (its {@code /actuator/clients} endpoint), for scripts and for operators used to runmqsc's
 * {@code DISPLAY CHSTATUS} and {@code PURGE CHANNEL}. {@code list} prints one line per client and
 * fetches every page: nothing is capped.
 */
@Command(name = "clients", mixinStandardHelpOptions = true,
        description = "Lists, shows, disconnects and purges MQTT clients of a running bridge.",
        subcommands = {ClientsCommand.ListClients.class, ClientsCommand.Show.class, ClientsCommand.Disconnect.class,
                ClientsCommand.Purge.class, ClientsCommand.Trace.class},
        footer = "Exit status: 0 done, 1 no such client or not done, 2 the bridge could not be asked.")
public final class ClientsCommand {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "The bridge's HTTP address (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", description = "User for the bridge's HTTP side (from loopback, none is needed on an unsecured bridge).")
    String user;

    @Option(names = "--password", description = "Password of --user; default: environment variable BRIDGE_HTTP_PASSWORD.")
    String password;

    @Spec
    CommandSpec spec;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 1000;

    /** Sends one request; the answer's JSON, or null for 404. */
    JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/actuator/clients" + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        String secret = password != null ? password : System.getenv("BRIDGE_HTTP_PASSWORD");
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8)));
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + url
                        + (response.statusCode() == 401 || response.statusCode() == 403 ? " (give --user and --password)" : ""));
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Runs an action, printing "CANNOT ASK" and returning 2 when the bridge cannot be reached or refuses. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        ClientsCommand parent;

        @Override
        public Integer call() {
            PrintWriter out = parent.spec.commandLine().getOut();
            try {
                int status = run(out);
                out.flush();
                return status;
            } catch (Exception e) {
                out.println("CANNOT ASK  " + e.getMessage());
                out.flush();
                return 2;
            }
        }

        abstract int run(PrintWriter out) throws Exception;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per client: id, state, session, address, listener, user, subscriptions.")
    static final class ListClients extends Action {
        @Option(names = "--prefix", description = "Client ids starting with this.") String prefix;
        @Option(names = "--state", description = "connected or away.") String state;
        @Option(names = "--by-user", description = "Authenticated as this user.") String byUser;
        @Option(names = "--address", description = "Address containing this.") String address;

        @Override
        int run(PrintWriter out) throws Exception {
            int total = 0;
            for (int page = 0; ; page++) {
                StringBuilder query = new StringBuilder("?page=" + page + "&size=" + PAGE);
                Map.of("prefix", prefix == null ? "" : prefix, "state", state == null ? "" : state,
                        "user", byUser == null ? "" : byUser, "address", address == null ? "" : address)
                        .forEach((key, value) -> {
                            if (!value.isEmpty()) {
                                query.append('&').append(key).append('=').append(encode(value));
                            }
                        });
                JsonNode answer = parent.call("GET", query.toString(), null);
                JsonNode clients = answer.get("clients");
                for (Iterator<JsonNode> it = clients.iterator(); it.hasNext(); ) {
                    JsonNode c = it.next();
                    out.printf("%-40s %-9s %-10s %-24s %-10s %-12s subscriptions=%d%n", c.get("clientId").asString(),
                            c.get("state").asString(), c.get("persistent").asBoolean() ? "persistent" : "clean",
                            text(c, "address"), text(c, "listener"), text(c, "user"), c.get("subscriptions").asInt());
                    total++;
                }
                if (clients.size() < PAGE) {
                    break;
                }
            }
            out.println(total + " client(s)");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One client's connection, session and subscriptions.")
    static final class Show extends Action {
        @Parameters(index = "0", description = "The client id.") String clientId;

        @Override
        int run(PrintWriter out) throws Exception {
            JsonNode c = parent.call("GET", "/" + encode(clientId), null);
            if (c == null) {
                out.println("NOT FOUND  no session for client '" + clientId + "'");
                return 1;
            }
            out.println("clientId:         " + c.get("clientId").asString());
            out.println("queueManagerName: " + c.get("queueManagerName").asString());
            out.println("state:            " + c.get("state").asString());
            out.println("session:          " + (c.get("persistent").asBoolean() ? "persistent" : "clean"));
            JsonNode connection = c.get("connection");
            if (connection != null && !connection.isNull()) {
                out.println("address:          " + text(connection, "remoteAddress"));
                out.println("listener:         " + text(connection, "listener"));
                out.println("protocol level:   " + connection.get("protocolLevel").asInt());
                out.println("keep-alive:       " + connection.get("keepAliveSeconds").asInt() + " s");
                out.println("connected since:  " + text(connection, "connectedSince"));
                out.println("user:             " + text(connection, "userName"));
            }
            out.println("in flight:        " + c.get("inflightMessages").asInt());
            out.println("queued:           " + c.get("queuedMessages").asInt());
            out.println("held:             " + c.get("heldMessages").asInt());
            out.println("waiting:          " + c.get("waitingMessages").asInt());
            out.println("last packet in:   " + text(c, "lastPacketIn"));
            out.println("last packet out:  " + text(c, "lastPacketOut"));
            out.println("away since:       " + text(c, "awaySince"));
            for (JsonNode subscription : c.get("subscriptions")) {
                out.println("subscription:     " + subscription.get("filter").asString() + " qos "
                        + subscription.get("qos").asInt());
            }
            return 0;
        }
    }

    @Command(name = "disconnect", mixinStandardHelpOptions = true, description = "Closes a client's connection (its session stays).")
    static final class Disconnect extends Action {
        @Parameters(index = "0", description = "The client id.") String clientId;
        @Option(names = "--will", description = "Publish the client's will, as for a lost connection.") boolean will;

        @Override
        int run(PrintWriter out) throws Exception {
            JsonNode result = parent.call("POST", "/" + encode(clientId),
                    "{\"action\":\"disconnect\",\"will\":" + will + "}");
            return report(out, result);
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true, description = "Logs every packet of a client's connection, both ways, for a while (TBR0250I lines in the bridge's log).")
    static final class Trace extends Action {
        @Parameters(index = "0", description = "The client id.") String clientId;
        @Option(names = "--seconds", defaultValue = "60", description = "How long, at most 3600 (default ${DEFAULT-VALUE}).") int seconds;

        @Override
        int run(PrintWriter out) throws Exception {
            return report(out, parent.call("POST", "/" + encode(clientId),
                    "{\"action\":\"trace\",\"seconds\":" + seconds + "}"));
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Removes a client's session, subscriptions and waiting messages (MQ Telemetry's PURGE CHANNEL CLIENTID).")
    static final class Purge extends Action {
        @Parameters(index = "0", description = "The client id.") String clientId;

        @Override
        int run(PrintWriter out) throws Exception {
            return report(out, parent.call("DELETE", "/" + encode(clientId), null));
        }
    }

    private static int report(PrintWriter out, JsonNode result) {
        boolean done = result.get("done").asBoolean();
        StringBuilder line = new StringBuilder(done ? "DONE       " : "NOT DONE   ").append(text(result, "clientId"))
                .append(": ").append(text(result, "detail"));
        if (result.hasNonNull("subscriptionsRemoved")) {
            line.append("; subscriptions removed: ").append(result.get("subscriptionsRemoved").asInt())
                    .append(", held messages removed: ").append(result.get("heldMessagesRemoved").asInt());
        }
        out.println(line);
        return done ? 0 : 1;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "-" : value.asString();
    }
}

package org.telemetrybridge.backend.ibmmq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.ibm.mq.MQException;
import com.ibm.mq.MQGetMessageOptions;
import com.ibm.mq.MQMessage;
import com.ibm.mq.MQPutMessageOptions;
import com.ibm.mq.MQQueue;
import com.ibm.mq.MQQueueManager;
import com.ibm.mq.constants.CMQC;
import com.ibm.mq.constants.CMQCFC;
import com.ibm.mq.headers.MQDataException;
import com.ibm.mq.headers.pcf.PCFException;
import com.ibm.mq.headers.pcf.PCFMessage;

/**
 * A PCF inquiry whose answer is bounded: the command server answers an inquiry with one response message
 * per object (Inquire Subscription: one per subscription, however many there are), and IBM's
 * PCFMessageAgent collects them all in memory. This one reads the responses from its own temporary reply
 * queue and stops at {@link #MAX_RESPONSES} responses or {@link #MAX_RESPONSE_BYTES} bytes, failing the
 * inquiry ({@link TooManyResponses}); closing the queue with MQCO_DELETE_PURGE discards the rest. The
 * request is put as PCFMessageAgent puts it (IBM: "Using the PCF", the command server's input queue
 * SYSTEM.ADMIN.COMMAND.QUEUE, a request with Format MQFMT_ADMIN and a reply-to queue; the replies carry the
 * request's MsgId as CorrelId, the last one Control MQCFC_LAST).
 */
final class BoundedPcfInquiry {

    /** Responses an inquiry may have: far above one bridge's device subscriptions, far below a heap's limit. */
    static final int MAX_RESPONSES = 100_000;
    /** Bytes of responses an inquiry may have. */
    static final long MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    static final String COMMAND_QUEUE = "SYSTEM.ADMIN.COMMAND.QUEUE";
    static final String MODEL_QUEUE = "SYSTEM.DEFAULT.MODEL.QUEUE";
    private static final int WAIT_MILLIS = 30_000;

    private BoundedPcfInquiry() {
    }

    /** The answer went past a bound. */
    static final class TooManyResponses extends Exception {
        TooManyResponses(int responses, long bytes) {
            super("the answer went past " + responses + " responses / " + bytes + " bytes (bounds: " + MAX_RESPONSES
                    + " responses, " + MAX_RESPONSE_BYTES + " bytes)", null, false, false);
        }
    }

    /** The responses of one request, one message at a time. */
    @FunctionalInterface
    interface Responses {
        MQMessage next() throws MQException, IOException;
    }

    /** Sends the request on the connection and reads its answer within the bounds. */
    static List<PCFMessage> send(MQQueueManager queueManager, PCFMessage request)
            throws MQException, MQDataException, IOException, TooManyResponses {
        MQQueue reply = queueManager.accessQueue(MODEL_QUEUE, CMQC.MQOO_INPUT_EXCLUSIVE | CMQC.MQOO_FAIL_IF_QUIESCING,
                null, "TBRIDGE.PCF.*", null);
        try {
            MQMessage message = new MQMessage();
            message.messageType = CMQC.MQMT_REQUEST;
            message.format = CMQC.MQFMT_ADMIN;
            message.replyToQueueName = reply.getName();
            message.expiry = WAIT_MILLIS / 100;
            request.write(message);
            MQPutMessageOptions put = new MQPutMessageOptions();
            put.options = CMQC.MQPMO_NO_SYNCPOINT | CMQC.MQPMO_NEW_MSG_ID | CMQC.MQPMO_FAIL_IF_QUIESCING;
            queueManager.put(COMMAND_QUEUE, message, put);
            byte[] requestId = message.messageId;
            return read(() -> {
                MQMessage response = new MQMessage();
                response.correlationId = requestId;
                MQGetMessageOptions get = new MQGetMessageOptions();
                get.options = CMQC.MQGMO_WAIT | CMQC.MQGMO_CONVERT | CMQC.MQGMO_NO_SYNCPOINT
                        | CMQC.MQGMO_FAIL_IF_QUIESCING;
                get.matchOptions = CMQC.MQMO_MATCH_CORREL_ID;
                get.waitInterval = WAIT_MILLIS;
                reply.get(response, get);
                return response;
            }, MAX_RESPONSES, MAX_RESPONSE_BYTES);
        } finally {
            reply.closeOptions = CMQC.MQCO_DELETE_PURGE; // the responses not read go with it
            reply.close();
        }
    }

    /**
     * Reads responses up to the last (Control MQCFC_LAST). A failed response ends the inquiry as
     * PCFMessageAgent ends it, with a {@link PCFException} carrying its reason (e.g. MQRCCF_NONE_FOUND).
     */
    static List<PCFMessage> read(Responses responses, int maxResponses, long maxBytes)
            throws MQException, MQDataException, IOException, TooManyResponses {
        List<PCFMessage> read = new ArrayList<>();
        long bytes = 0;
        while (true) {
            MQMessage message = responses.next();
            bytes += message.getMessageLength();
            if (read.size() >= maxResponses || bytes > maxBytes) {
                throw new TooManyResponses(read.size() + 1, bytes);
            }
            PCFMessage response = new PCFMessage(message);
            if (response.getCompCode() == CMQC.MQCC_FAILED) {
                throw new PCFException(response.getCompCode(), response.getReason(), response);
            }
            read.add(response);
            if (response.getControl() == CMQCFC.MQCFC_LAST) {
                return read;
            }
        }
    }
}

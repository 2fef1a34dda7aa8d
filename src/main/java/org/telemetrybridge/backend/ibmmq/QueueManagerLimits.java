package org.telemetrybridge.backend.ibmmq;

import java.util.Set;

/**
 * The queue manager's limits and settings the bridge depends on beyond its own objects, as inquired
 * by PCF for the day-one checks. A null field was not inquired (or could not be).
 *
 * @param maxHandles              MAXHANDS: open objects per connection handle
 * @param pubSubMode              PSMODE, MQPSM_*
 * @param maxMessageLength        the queue manager's MAXMSGL
 * @param deadLetterQueueType     MQQT_* of the DEADQ, or null if it does not exist (or none is set)
 * @param deadLetterQueuePutInhibited MQQA_PUT_* of the DEADQ
 * @param deadLetterQueueAuthorities MQAUTH_* the user has on the DEADQ
 * @param queueManagerAuthorities MQAUTH_* the user has on the queue manager
 * @param channel                 the bridge's server-connection channel (ibm.mq.channel)
 * @param sharingConversations    SHARECNV of the bridge's channel
 * @param maxInstances            MAXINST of the bridge's channel
 * @param maxInstancesPerClient   MAXINSTC of the bridge's channel
 * @param connectionAuthentication CONNAUTH: the AUTHINFO object that checks user ids and passwords
 * @param adoptContext            ADOPTCTX of that object, MQADPCTX_*
 */
public record QueueManagerLimits(Integer maxHandles, Integer pubSubMode, Integer maxMessageLength,
                                 Integer deadLetterQueueType, Integer deadLetterQueuePutInhibited,
                                 Set<Integer> deadLetterQueueAuthorities, Set<Integer> queueManagerAuthorities,
                                 String channel, Integer sharingConversations, Integer maxInstances, Integer maxInstancesPerClient,
                                 String connectionAuthentication, Integer adoptContext) {

    /** Nothing inquired. */
    public static final QueueManagerLimits NOT_INQUIRED = new QueueManagerLimits(null, null, null, null, null, null,
            null, null, null, null, null, null, null);
}

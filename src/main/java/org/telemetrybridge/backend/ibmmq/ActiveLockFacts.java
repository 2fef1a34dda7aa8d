package org.telemetrybridge.backend.ibmmq;

import java.util.Set;

/**
 * What the inquiry learned of TBRIDGE.ACTIVE, the queue active/standby bridges hold open for input as their
 * lock (docs/ha.md, {@code mqsc/60-high-availability.mqsc}).
 *
 * @param exists       whether the queue exists (not: active/standby is not set up, nothing to check)
 * @param shareability MQIA_SHAREABILITY, MQQA_NOT_SHAREABLE for NOSHARE; null if not inquired
 * @param defaultInput MQIA_DEF_INPUT_OPEN_OPTION, MQOO_INPUT_EXCLUSIVE for DEFSOPT(EXCL); null if not inquired
 * @param authorities  MQAUTH_* the bridge's user has on it; null if not inquired
 */
public record ActiveLockFacts(boolean exists, Integer shareability, Integer defaultInput, Set<Integer> authorities) {

    public static final ActiveLockFacts NOT_INQUIRED = new ActiveLockFacts(false, null, null, null);
}

package org.telemetrybridge.topic;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Topic filters arranged by level, to find every filter that matches a topic name without testing
 * each one: a concurrent trie in the manner of Moquette's CTrie. Readers never lock; adding and
 * removing filters is rare next to matching (once per SUBSCRIBE, against once per message).
 *
 * @param <V> what is kept per filter
 */
public final class TopicTree<V> {

    private static final class Node<V> {
        final Map<String, Node<V>> children = new ConcurrentHashMap<>();
        /** Values of the filter that ends at this node. */
        final Set<V> values = ConcurrentHashMap.newKeySet();
        /** Values of the filter that ends with "#" below this node. */
        final Set<V> multiLevel = ConcurrentHashMap.newKeySet();
    }

    private static final String SINGLE_LEVEL = "+";
    private static final String MULTI_LEVEL = "#";

    private final Node<V> root = new Node<>();
    private final boolean dollarRule;

    /** A tree that follows MQTT's rule for topics starting with {@code $}. */
    public TopicTree() {
        this(true);
    }

    /**
     * @param dollarRule whether filters starting with a wildcard leave out topics starting with
     *                   {@code $}, as in MQTT; brokers such as Artemis do not have that rule
     */
    public TopicTree(boolean dollarRule) {
        this.dollarRule = dollarRule;
    }

    /** Adds a value under a valid topic filter. */
    public void add(String filter, V value) {
        String[] levels = filter.split("/", -1);
        Node<V> node = root;
        for (String level : levels) {
            if (level.equals(MULTI_LEVEL)) {
                node.multiLevel.add(value);
                return;
            }
            node = node.children.computeIfAbsent(level, l -> new Node<>());
        }
        node.values.add(value);
    }

    /** Removes a value added under the filter. Emptied nodes stay; they cost one map entry each. */
    public void remove(String filter, V value) {
        String[] levels = filter.split("/", -1);
        Node<V> node = root;
        for (String level : levels) {
            if (level.equals(MULTI_LEVEL)) {
                node.multiLevel.remove(value);
                return;
            }
            node = node.children.get(level);
            if (node == null) {
                return;
            }
        }
        node.values.remove(value);
    }

    /**
     * Calls the visitor with every value whose filter matches the topic name. Filters starting with a
     * wildcard do not match topic names starting with {@code $}.
     */
    public void match(String topic, Consumer<V> visitor) {
        String[] levels = topic.split("/", -1);
        boolean dollar = dollarRule && topic.startsWith("$");
        match(root, levels, 0, dollar, visitor);
    }

    /** Whether no filter was ever added (emptied nodes stay, so a tree that had some is not). */
    public boolean isEmpty() {
        return root.children.isEmpty() && root.values.isEmpty() && root.multiLevel.isEmpty();
    }

    /** Whether any filter in the tree matches the topic name. */
    public boolean matchesAny(String topic) {
        boolean[] found = new boolean[1];
        match(topic, value -> found[0] = true);
        return found[0];
    }

    private void match(Node<V> node, String[] levels, int depth, boolean dollar, Consumer<V> visitor) {
        boolean wildcardsAllowed = !(dollar && depth == 0);
        if (wildcardsAllowed) {
            // "#" matches the level it stands at and all below, the parent level included.
            node.multiLevel.forEach(visitor);
        }
        if (depth == levels.length) {
            node.values.forEach(visitor);
            return;
        }
        Node<V> exact = node.children.get(levels[depth]);
        if (exact != null) {
            match(exact, levels, depth + 1, dollar, visitor);
        }
        if (wildcardsAllowed) {
            Node<V> single = node.children.get(SINGLE_LEVEL);
            if (single != null) {
                match(single, levels, depth + 1, dollar, visitor);
            }
        }
    }
}

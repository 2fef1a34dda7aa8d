package org.telemetrybridge.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Topic filters arranged by level, to find every filter that matches a topic name without testing
 * each one: a concurrent trie in the manner of Moquette's CTrie. Readers never lock; adding and
 * removing filters is rare next to matching (once per SUBSCRIBE, against once per message), so
 * writers simply take turns.
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

        boolean isEmpty() {
            return children.isEmpty() && values.isEmpty() && multiLevel.isEmpty();
        }
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

    /** Adds a value under a valid topic filter. Writers take turns; readers never wait. */
    public synchronized void add(String filter, V value) {
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

    /**
     * Removes a value added under the filter, and the nodes this leaves empty: a tree that once held
     * the filters of many clients shrinks back when they leave. A reader that is walking a pruned
     * node at that moment finds it empty, as it would a moment later.
     */
    public synchronized void remove(String filter, V value) {
        String[] levels = filter.split("/", -1);
        List<Node<V>> path = new ArrayList<>(levels.length + 1);
        Node<V> node = root;
        path.add(node);
        int depth = 0;
        for (; depth < levels.length; depth++) {
            if (levels[depth].equals(MULTI_LEVEL)) {
                node.multiLevel.remove(value);
                break;
            }
            node = node.children.get(levels[depth]);
            if (node == null) {
                return;
            }
            path.add(node);
        }
        if (depth == levels.length) {
            node.values.remove(value);
        }
        // path.get(i) is reached from path.get(i - 1) by levels[i - 1]; prune from the deepest up.
        for (int i = path.size() - 1; i > 0; i--) {
            Node<V> child = path.get(i);
            if (!child.isEmpty()) {
                return;
            }
            path.get(i - 1).children.remove(levels[i - 1], child);
        }
    }

    /** The number of nodes, the root included (for tests of the pruning). */
    public int nodeCount() {
        return count(root);
    }

    private int count(Node<V> node) {
        int total = 1;
        for (Node<V> child : node.children.values()) {
            total += count(child);
        }
        return total;
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

    /** Whether the tree holds no filter. */
    public boolean isEmpty() {
        return root.isEmpty();
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

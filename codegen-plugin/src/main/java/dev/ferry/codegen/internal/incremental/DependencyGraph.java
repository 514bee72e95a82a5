package dev.ferry.codegen.internal.incremental;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * File-level dependency edges between schema files: an edge {@code a -> b} means a uses a type
 * defined in (Avro) or imports (Protobuf) b.
 */
public final class DependencyGraph {
    private final Map<Path, Set<Path>> dependsOn;
    private final Map<Path, Set<Path>> dependents = new HashMap<>();

    /** Every node appears as a key, with an empty set when it depends on nothing. */
    public DependencyGraph(Map<Path, Set<Path>> dependsOn) {
        Map<Path, Set<Path>> copy = new HashMap<>();
        dependsOn.forEach((file, deps) -> copy.put(file, Set.copyOf(deps)));
        this.dependsOn = Map.copyOf(copy);
        this.dependsOn.forEach((file, deps) -> {
            for (Path dep : deps) {
                dependents.computeIfAbsent(dep, k -> new TreeSet<>()).add(file);
            }
        });
    }

    public Set<Path> nodes() {
        return dependsOn.keySet();
    }

    public Set<Path> dependenciesOf(Path file) {
        return dependsOn.getOrDefault(file, Set.of());
    }

    /** The files that depend on any of {@code roots}, directly or transitively, roots excluded. */
    public Set<Path> transitiveDependentsOf(Collection<Path> roots) {
        Set<Path> seen = new LinkedHashSet<>(roots);
        Deque<Path> work = new ArrayDeque<>(roots);
        Set<Path> result = new TreeSet<>();
        while (!work.isEmpty()) {
            for (Path dependent : dependents.getOrDefault(work.pop(), Set.of())) {
                if (seen.add(dependent)) {
                    result.add(dependent);
                    work.push(dependent);
                }
            }
        }
        return result;
    }

    /**
     * Every node after the nodes it depends on; among nodes ready at the same time, the one
     * {@code priority} orders first. Empty when the edges form a cycle: see {@link #findCycle()}.
     */
    public Optional<List<Path>> topologicalOrder(Comparator<Path> priority) {
        Map<Path, Integer> pending = new HashMap<>();
        dependsOn.forEach((file, deps) -> pending.put(
                file, (int) deps.stream().filter(dependsOn::containsKey).count()));
        PriorityQueue<Path> ready = new PriorityQueue<>(priority);
        pending.forEach((file, count) -> {
            if (count == 0) {
                ready.add(file);
            }
        });
        List<Path> order = new ArrayList<>(dependsOn.size());
        while (!ready.isEmpty()) {
            Path next = ready.poll();
            order.add(next);
            for (Path dependent : dependents.getOrDefault(next, Set.of())) {
                if (pending.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        return order.size() == dependsOn.size() ? Optional.of(order) : Optional.empty();
    }

    /** One cycle as a path that starts and ends with the same file, or empty when there is none. */
    public Optional<List<Path>> findCycle() {
        Map<Path, Integer> state = new HashMap<>();
        for (Path start : new TreeSet<>(dependsOn.keySet())) {
            Deque<Path> stack = new ArrayDeque<>();
            Optional<List<Path>> cycle = visit(start, state, stack);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private Optional<List<Path>> visit(Path node, Map<Path, Integer> state, Deque<Path> stack) {
        Integer mark = state.get(node);
        if (mark != null && mark == 2) {
            return Optional.empty();
        }
        if (mark != null) {
            List<Path> path = new ArrayList<>(stack);
            java.util.Collections.reverse(path);
            List<Path> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        state.put(node, 1);
        stack.push(node);
        for (Path dep : new TreeSet<>(dependenciesOf(node))) {
            if (dependsOn.containsKey(dep)) {
                Optional<List<Path>> cycle = visit(dep, state, stack);
                if (cycle.isPresent()) {
                    return cycle;
                }
            }
        }
        stack.pop();
        state.put(node, 2);
        return Optional.empty();
    }
}

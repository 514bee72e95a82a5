package dev.ferry.serdes.internal.proto;

import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.serdes.internal.CompatibilityCheck.Difference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Protobuf compatibility rules, which are Confluent Schema Registry's (its {@code protobuf.diff} package), so
 * that Ferry's checks give the registry's verdict. Confluent finds typed differences from an original schema to an
 * update and calls the update incompatible when one of them is not in its list of compatible changes; BACKWARD
 * takes the previous schema as the original, FORWARD the new one. As changes from the previous schema to the new:
 * <ul>
 *   <li>the package changed, even in a file that holds only enums: both;</li>
 *   <li>a message removed or renamed: backward; a message added: forward (the previous schema lacks it);</li>
 *   <li>a required field removed or added: both; a field of a oneof that is kept (or whose other fields are kept)
 *       removed: backward, added: forward; any other field removed or added, renumbered, or reusing a reserved
 *       number or name: compatible (Confluent reads no {@code reserved});</li>
 *   <li>a field's type changed between scalar, map and message: both; a scalar changed between the groups
 *       int32/int64/uint32/uint64/bool/enum, sint32/sint64, fixed32/sfixed32, fixed64/sfixed64, float, double and
 *       string/bytes: both (map keys and values likewise); a message type of another name: both, and a message
 *       type from an import is compared field by field;</li>
 *   <li>the label of a numeric or enum field changed, when both have one (proto2 {@code optional},
 *       {@code required}, {@code repeated}; proto3 {@code optional}, {@code repeated}): both; a proto3 field
 *       without a label, a oneof member, a string, bytes or message field changing label: compatible;</li>
 *   <li>fields that could be set together put into one oneof: backward; the fields of a oneof split between
 *       oneofs or out of one: forward (a single field moved out of its oneof is compatible);</li>
 *   <li>enum changes (values added, removed or renamed, enums added or removed): compatible.</li>
 * </ul>
 */
public final class ProtoCompatibility {

    private ProtoCompatibility() {}

    public static List<Difference> differences(FileDescriptor previous, FileDescriptor candidate) {
        List<String> backward = new ProtoDiff(previous, candidate, true).incompatibilities();
        List<String> forward = new ProtoDiff(candidate, previous, false).incompatibilities();
        // Both passes describe a change as from the previous schema to the new one, so a change that breaks both
        // directions has the same message in both and is reported once.
        Set<String> messages = new LinkedHashSet<>(backward);
        messages.addAll(forward);
        List<Difference> differences = new ArrayList<>();
        for (String message : messages) {
            differences.add(new Difference(message, backward.contains(message), forward.contains(message)));
        }
        return differences;
    }
}

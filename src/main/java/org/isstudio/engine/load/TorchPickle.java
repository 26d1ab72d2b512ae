package org.isstudio.engine.load;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted reader for the {@code data.pkl} that {@code torch.save(state_dict)} writes. Pickle is a program
 * for a stack machine whose GLOBAL and REDUCE opcodes import and call arbitrary Python functions, so a model file
 * could run code. This reader runs no code at all: it knows the few names torch writes for a state dict
 * ({@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2} and friends, the
 * {@code torch.*Storage} types) as data constructors, and refuses every other global with an error, before
 * anything is built. Python's {@code pickle.Unpickler.find_class} override and torch's {@code weights_only}
 * unpickler take the same approach; this one allows less.
 */
final class TorchPickle {

    /** A storage named by a persistent id: {@code ('storage', torch.FloatStorage, key, location, numel)}. */
    record StorageRef(DType dtype, String key, String location, long numel) {
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, ...)}: a strided view of a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    private record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    private record Tuple(List<Object> items) {
    }

    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private static final Map<String, DType> STORAGES = Map.ofEntries(
            Map.entry("FloatStorage", DType.F32), Map.entry("HalfStorage", DType.F16),
            Map.entry("BFloat16Storage", DType.BF16), Map.entry("DoubleStorage", DType.F64),
            Map.entry("LongStorage", DType.I64), Map.entry("IntStorage", DType.I32),
            Map.entry("ShortStorage", DType.I16), Map.entry("CharStorage", DType.I8),
            Map.entry("ByteStorage", DType.U8), Map.entry("BoolStorage", DType.BOOL));

    private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
    private static final Global REBUILD_TENSOR_V2 = new Global("torch._utils", "_rebuild_tensor_v2");
    private static final Global REBUILD_TENSOR = new Global("torch._utils", "_rebuild_tensor");
    private static final Global REBUILD_PARAMETER = new Global("torch._utils", "_rebuild_parameter");
    private static final Set<Global> CALLABLES = Set.of(ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_TENSOR, REBUILD_PARAMETER);

    private final Path file;
    private final String entry;
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int opStart;

    private TorchPickle(Path file, String entry, ByteBuffer in) {
        this.file = file;
        this.entry = entry;
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads one pickle of plain data (numbers, strings, lists, dicts) from {@code in}'s position, leaving the
     * position just after its STOP; the legacy format's header and key list are such pickles. Lists come back as
     * {@link List}, dicts as {@link Map}, integers as {@link Long} or {@link BigInteger}.
     */
    static Object readData(Path file, String what, ByteBuffer in) {
        return new TorchPickle(file, what, in).run();
    }

    /**
     * Reads a state dict, tensor name to tensor in file order, from {@code in}'s position, leaving the position
     * just after its STOP.
     *
     * @param file  the checkpoint, for messages
     * @param entry the pickle's name inside it, for messages
     */
    static Map<String, TensorRef> readStateDict(Path file, String entry, ByteBuffer in) {
        TorchPickle p = new TorchPickle(file, entry, in);
        Object root = p.run();
        if (!(root instanceof Map<?, ?> dict)) {
            throw p.error("the pickle holds a " + describe(root) + ", not a state dict");
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name)) throw p.error("state dict key " + e.getKey() + " is not a string");
            if (!(e.getValue() instanceof TensorRef t)) {
                throw new CheckpointFormatException(file, "tensor \"" + name + "\": the state dict holds a " + describe(e.getValue())
                        + " here, not a tensor (a training checkpoint rather than model weights?)");
            }
            out.put(name, t);
        }
        return out;
    }

    private Object run() {
        while (true) {
            if (!in.hasRemaining()) throw error("the pickle ends without a STOP opcode (truncated?)");
            opStart = in.position();
            int op = in.get() & 0xFF;
            switch (op) {
                case 0x80 -> { // PROTO
                    int version = in.get() & 0xFF;
                    if (version > 5) throw error("pickle protocol " + version + " is newer than 5");
                }
                case 0x95 -> in.getLong(); // FRAME: a length hint only
                case '.' -> { // STOP
                    if (stack.size() != 1) throw error("the pickle stops with " + stack.size() + " values on the stack");
                    Object result = stack.getFirst();
                    return result == NONE ? null : result;
                }
                case '(' -> marks.add(stack.size()); // MARK
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) in.getInt()); // BININT
                case 'K' -> push((long) (in.get() & 0xFF)); // BININT1
                case 'M' -> push((long) (in.getShort() & 0xFFFF)); // BININT2
                case 0x8a -> push(longOf(bytes(in.get() & 0xFF))); // LONG1
                case 0x8b -> push(longOf(bytes(length(in.getInt() & 0xFFFFFFFFL)))); // LONG4
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT: big-endian
                case 'X' -> push(utf8(length(in.getInt() & 0xFFFFFFFFL))); // BINUNICODE
                case 0x8c -> push(utf8(in.get() & 0xFF)); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(length(in.getLong()))); // BINUNICODE8
                case 'T' -> push(latin1(length(in.getInt() & 0xFFFFFFFFL))); // BINSTRING
                case 'U' -> push(latin1(in.get() & 0xFF)); // SHORT_BINSTRING
                case 'B' -> push(bytes(length(in.getInt() & 0xFFFFFFFFL))); // BINBYTES
                case 'C' -> push(bytes(in.get() & 0xFF)); // SHORT_BINBYTES
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Tuple(popMark())); // TUPLE
                case 0x85 -> push(tuple(1)); // TUPLE1
                case 0x86 -> push(tuple(2)); // TUPLE2
                case 0x87 -> push(tuple(3)); // TUPLE3
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case 'a' -> { // APPEND
                    Object v = pop();
                    list(peek()).add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case 'd' -> { // DICT
                    Map<Object, Object> d = new LinkedHashMap<>();
                    putPairs(d, popMark());
                    push(d);
                }
                case 's' -> { // SETITEM
                    Object v = pop();
                    Object k = pop();
                    putPairs(dict(peek()), List.of(k, v));
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    putPairs(dict(peek()), items);
                }
                case 'q' -> memo.put((long) (in.get() & 0xFF), peek()); // BINPUT
                case 'r' -> memo.put(in.getInt() & 0xFFFFFFFFL, peek()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(memoGet(in.get() & 0xFF)); // BINGET
                case 'j' -> push(memoGet(in.getInt() & 0xFFFFFFFFL)); // LONG_BINGET
                case 'c' -> push(global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) throw error("STACK_GLOBAL needs two strings");
                    push(global(m, n));
                }
                case 'Q' -> push(persistent(pop())); // BINPERSID
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, args));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    build(peek(), state);
                }
                default -> throw error(String.format("pickle opcode 0x%02x is not one torch.save writes for a state dict", op));
            }
        }
    }

    // ---------------------------------------------------------------- the only "calls" there are

    private Global global(String module, String name) {
        Global g = new Global(module, name);
        if (CALLABLES.contains(g)) return g;
        if (module.equals("torch") && STORAGES.containsKey(name)) return g;
        throw error("refusing to load global " + g + ": a model checkpoint may only name collections.OrderedDict, "
                + "torch._utils._rebuild_tensor(_v2), torch._utils._rebuild_parameter and torch.*Storage types, and torch.load "
                + "would run this one as code");
    }

    private Object reduce(Object callable, Object argTuple) {
        if (!(callable instanceof Global g) || !CALLABLES.contains(g)) {
            throw error("refusing to call " + describe(callable) + " (REDUCE)");
        }
        if (!(argTuple instanceof Tuple(List<Object> args))) throw error("REDUCE arguments are not a tuple");
        if (g.equals(ORDERED_DICT)) {
            Map<Object, Object> d = new LinkedHashMap<>();
            if (args.isEmpty()) return d;
            // Python 2's OrderedDict pickles its items as one argument, a list of [key, value] pairs.
            if (args.size() != 1 || !(args.getFirst() instanceof List<?> items)) {
                throw error("OrderedDict called with " + args.size() + " arguments of unexpected form");
            }
            for (Object item : items) {
                List<?> pair = item instanceof Tuple(List<Object> t) ? t : item instanceof List<?> l ? l : List.of();
                if (pair.size() != 2) throw error("OrderedDict item " + describe(item) + " is not a key-value pair");
                putPairs(d, List.of(pair.get(0), pair.get(1)));
            }
            return d;
        }
        if (g.equals(REBUILD_PARAMETER)) {
            // _rebuild_parameter(data, requires_grad, backward_hooks): a Parameter is its tensor here.
            if (args.size() != 3 || !(args.getFirst() instanceof TensorRef t)) throw error("malformed _rebuild_parameter call");
            return t;
        }
        // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks[, metadata]);
        // the older _rebuild_tensor has the first four only.
        int expected = g.equals(REBUILD_TENSOR) ? 4 : 6;
        if (args.size() < expected || args.size() > expected + 1) throw error(g + " called with " + args.size() + " arguments");
        if (!(args.get(0) instanceof StorageRef storage)) throw error(g + " needs a storage, got " + describe(args.get(0)));
        long offset = integer(args.get(1), "storage offset");
        long[] size = longs(args.get(2), "size");
        long[] stride = longs(args.get(3), "stride");
        if (size.length != stride.length) throw error("tensor size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride) + " differ in rank");
        if (args.size() > 5 && args.get(5) instanceof Map<?, ?> hooks && !hooks.isEmpty()) {
            throw error("tensor has backward hooks, which are code");
        }
        return new TensorRef(storage, offset, size, stride);
    }

    /**
     * {@code ('storage', type, key, location, numel)}, or in the pre-1.6 format the same plus {@code view_metadata},
     * which is None unless the storage is a view into another (something torch stopped producing long ago).
     */
    private StorageRef persistent(Object pid) {
        if (pid instanceof Tuple(List<Object> t) && !t.isEmpty() && "module".equals(t.getFirst())) {
            throw error("the file pickles a whole nn.Module (with its source code), not a state dict");
        }
        if (!(pid instanceof Tuple(List<Object> t)) || t.size() < 5 || t.size() > 6 || !"storage".equals(t.get(0))) {
            throw error("persistent id " + describe(pid) + " is not a torch storage reference");
        }
        if (t.size() == 6 && t.get(5) != NONE) throw error("storage views (view_metadata " + describe(t.get(5)) + ") are not supported");
        if (!(t.get(1) instanceof Global g) || !g.module().equals("torch") || !STORAGES.containsKey(g.name())) {
            throw error("persistent id names " + describe(t.get(1)) + ", not a torch storage type");
        }
        if (!(t.get(2) instanceof String key) || !(t.get(3) instanceof String location)) throw error("malformed storage reference " + t);
        return new StorageRef(STORAGES.get(g.name()), key, location, integer(t.get(4), "storage size"));
    }

    private void build(Object target, Object state) {
        // OrderedDict state is its instance __dict__: torch's state dicts carry `_metadata` (module versions) there.
        if (target instanceof Map<?, ?> && (state instanceof Map<?, ?> || state == NONE)) return;
        throw error("BUILD on " + describe(target) + " is not something a state dict needs");
    }

    // ---------------------------------------------------------------- stack machinery

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && stack.size() == marks.getLast())) throw error("stack underflow");
        return stack.removeLast();
    }

    private Object peek() {
        if (stack.isEmpty()) throw error("stack underflow");
        return stack.getLast();
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) throw error("no MARK to pop to");
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private Tuple tuple(int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) items[i] = pop();
        return new Tuple(Arrays.asList(items));
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) throw error("memo key " + key + " was never stored");
        return memo.get(key);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw error("APPEND to " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw error("SETITEM on " + describe(o));
    }

    private void putPairs(Map<Object, Object> d, List<Object> items) {
        if (items.size() % 2 != 0) throw error("odd number of dict items");
        for (int i = 0; i < items.size(); i += 2) {
            Object k = items.get(i);
            if (!(k instanceof String || k instanceof Long || k instanceof Boolean || k instanceof Tuple)) {
                throw error("dict key " + describe(k) + " is not hashable data");
            }
            d.put(k, items.get(i + 1));
        }
    }

    private int length(long n) {
        if (n < 0 || n > in.remaining()) throw error("a " + n + "-byte value runs past the end of the pickle");
        return (int) n;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[length(n)];
        in.get(b);
        return b;
    }

    private String utf8(int n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(int n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    private String line() {
        int start = in.position();
        while (in.hasRemaining()) {
            if (in.get() == '\n') {
                byte[] b = new byte[in.position() - start - 1];
                in.get(start, b);
                return new String(b, StandardCharsets.UTF_8);
            }
        }
        throw error("GLOBAL name runs past the end of the pickle");
    }

    /** LONG1/LONG4 payload: little-endian two's complement. */
    private Object longOf(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) be[i] = le[le.length - 1 - i];
        BigInteger v = le.length == 0 ? BigInteger.ZERO : new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private long integer(Object o, String what) {
        if (o instanceof Long l && l >= 0) return l;
        throw error(what + " is " + describe(o) + ", not a non-negative integer");
    }

    private long[] longs(Object o, String what) {
        if (!(o instanceof Tuple(List<Object> items))) throw error("tensor " + what + " is " + describe(o) + ", not a tuple");
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) out[i] = integer(items.get(i), "tensor " + what + " entry");
        return out;
    }

    private static String describe(Object o) {
        return switch (o) {
            case null -> "nothing";
            case Global g -> "global " + g;
            case Tuple t -> "tuple of " + t.items().size();
            case Map<?, ?> m -> "dict of " + m.size();
            case List<?> l -> "list of " + l.size();
            case String s -> "string \"" + s + "\"";
            case TensorRef _ -> "tensor";
            case StorageRef _ -> "storage";
            default -> o == NONE ? "None" : o.getClass().getSimpleName() + " " + o;
        };
    }

    private CheckpointFormatException error(String message) {
        return new CheckpointFormatException(file, entry + " byte " + opStart + ": " + message);
    }
}

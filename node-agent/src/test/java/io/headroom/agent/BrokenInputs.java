package io.headroom.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Inputs a parser must survive, made deterministically so a failure is the same on every run:
 * every prefix of a real output (a tool killed mid-print, a connection dropped mid-body), the
 * real output with random bytes changed, and random bytes, some drawn from the characters that
 * matter in the format. The fuzz tests run each parser on these in every build; Jazzer goes
 * further when run by hand (JAZZER_FUZZ=1).
 */
public final class BrokenInputs {
    private BrokenInputs() {}

    /** Every prefix of {@code text}, from empty to whole, as UTF-8 (a prefix may end inside a character). */
    public static List<byte[]> prefixes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<byte[]> all = new ArrayList<>(bytes.length + 1);
        for (int n = 0; n <= bytes.length; n++) {
            all.add(java.util.Arrays.copyOf(bytes, n));
        }
        return all;
    }

    /** Every prefix of each text, and {@code mutationsEach} random changes of it (seeded from {@code seed}). */
    public static List<byte[]> around(List<String> texts, long seed, int mutationsEach) {
        List<byte[]> all = new ArrayList<>();
        for (String text : texts) {
            all.addAll(prefixes(text));
            all.addAll(mutations(text, seed++, mutationsEach));
        }
        return all;
    }

    /** {@code count} copies of {@code text}, each with a few bytes changed, inserted, removed or repeated. */
    public static List<byte[]> mutations(String text, long seed, int count) {
        byte[] original = text.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        List<byte[]> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            var out = new java.io.ByteArrayOutputStream(original.length + 64);
            out.writeBytes(original);
            byte[] b = out.toByteArray();
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits && b.length > 0; e++) {
                int at = random.nextInt(b.length);
                b = switch (random.nextInt(4)) {
                    case 0 -> {
                        b[at] = (byte) random.nextInt(256);
                        yield b;
                    }
                    case 1 -> splice(b, at, new byte[] {(byte) random.nextInt(256)}, 0);
                    case 2 -> splice(b, at, new byte[0], Math.min(b.length - at, 1 + random.nextInt(16)));
                    default ->
                        splice(
                                b,
                                at,
                                java.util.Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + random.nextInt(64))),
                                0);
                };
            }
            all.add(b);
        }
        return all;
    }

    /** {@code count} random byte strings up to {@code maxLength} long; half of them only from {@code alphabet}. */
    public static List<byte[]> random(String alphabet, long seed, int count, int maxLength) {
        Random random = new Random(seed);
        byte[] letters = alphabet.getBytes(StandardCharsets.UTF_8);
        List<byte[]> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[random.nextInt(maxLength + 1)];
            if (i % 2 == 0) {
                random.nextBytes(b);
            } else {
                for (int j = 0; j < b.length; j++) {
                    b[j] = letters[random.nextInt(letters.length)];
                }
            }
            all.add(b);
        }
        return all;
    }

    private static byte[] splice(byte[] b, int at, byte[] insert, int remove) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /** A parser run on one input; throws whatever the parser throws. */
    @FunctionalInterface
    public interface Run {
        void on(byte[] input) throws Exception;
    }

    /**
     * Runs {@code parse} on every input and fails naming the first input that made it throw
     * anything but what the parse itself lets through (its documented exception is caught inside
     * {@code parse}). A parser that loops forever fails the test by its JUnit timeout.
     */
    public static void survive(String parser, List<byte[]> inputs, Run parse) {
        for (byte[] input : inputs) {
            try {
                parse.on(input);
            } catch (Throwable t) {
                throw new AssertionError(
                        parser + " threw " + t + " on an input of " + input.length + " bytes: '" + abbreviate(input)
                                + "'",
                        t);
            }
        }
    }

    private static String abbreviate(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8).replace("\n", "\\n");
        return text.length() <= 300 ? text : text.substring(0, 150) + " ... " + text.substring(text.length() - 150);
    }
}

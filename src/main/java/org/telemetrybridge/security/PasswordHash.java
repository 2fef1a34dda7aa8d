package org.telemetrybridge.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * One user's stored password hash, in one of the forms a password file may hold: the bridge's own
 * slow salted hashes (Argon2id in the PHC string form Spring Security writes, or BCrypt) and the two
 * forms {@code mosquitto_passwd} writes, so a Mosquitto password file is read as it is.
 *
 * <p>Every check takes the password as bytes (the caller clears them) and compares in constant time;
 * nothing here turns a password into a String, which could not be cleared.
 */
public sealed interface PasswordHash {

    /** The form of hash the bridge writes for new and changed passwords. */
    enum Algorithm { ARGON2, BCRYPT }

    /** Whether the password (its UTF-8 bytes, as CONNECT carries them) is the one hashed. */
    boolean matches(byte[] password);

    /** The hash as it stands after the user name and colon in the file. */
    String encoded();

    /**
     * Reads a hash: {@code $7$} (Mosquitto 2, PBKDF2-HMAC-SHA512), {@code $6$} (Mosquitto 1, salted SHA-512),
     * {@code $argon2id$} / {@code $argon2i$} / {@code $argon2d$}, {@code $2a$} / {@code $2b$} / {@code $2y$}.
     *
     * @throws IllegalArgumentException naming what is wrong, never the hash itself
     */
    static PasswordHash parse(String encoded) {
        if (encoded.startsWith("$7$")) {
            return MosquittoPbkdf2.parse(encoded);
        }
        if (encoded.startsWith("$6$")) {
            return MosquittoSha512.parse(encoded);
        }
        if (encoded.startsWith("$argon2")) {
            return Argon2.parse(encoded);
        }
        if (encoded.matches("\\$2[aby]\\$\\d\\d\\$.{53}")) {
            return new Bcrypt(encoded);
        }
        throw new IllegalArgumentException("not a known password hash form (known: $7$ and $6$ of mosquitto_passwd,"
                + " $argon2id$, $2a$/$2b$/$2y$ BCrypt)");
    }

    /** A new hash of the password, with a fresh random salt. */
    static PasswordHash create(Algorithm algorithm, byte[] password) {
        return switch (algorithm) {
            case ARGON2 -> Argon2.create(password);
            case BCRYPT -> Bcrypt.create(password);
        };
    }

    /** Compares a computed hash with the stored one in constant time, then overwrites the computed one. */
    private static boolean equalThenCleared(byte[] computed, byte[] stored) {
        try {
            return MessageDigest.isEqual(computed, stored);
        } finally {
            Arrays.fill(computed, (byte) 0);
        }
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64");
        }
    }

    private static String[] fields(String encoded, int count, String form) {
        String[] fields = encoded.split("\\$", -1);
        if (fields.length != count) {
            throw new IllegalArgumentException("a " + form + " hash has " + (count - 1) + " '$'-separated fields");
        }
        return fields;
    }

    /** Mosquitto 2: {@code $7$<iterations>$<salt, base64>$<hash, base64>}, PBKDF2 with HMAC-SHA512. */
    record MosquittoPbkdf2(int iterations, byte[] salt, byte[] hash) implements PasswordHash {

        /** More than any sane setting; bounds the work one file entry can cost per login. */
        static final int MAX_ITERATIONS = 10_000_000;

        static MosquittoPbkdf2 parse(String encoded) {
            String[] fields = fields(encoded, 5, "$7$");
            int iterations;
            try {
                iterations = Integer.parseInt(fields[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the iteration count of a $7$ hash is not a number");
            }
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("the iteration count of a $7$ hash is not in 1.." + MAX_ITERATIONS);
            }
            return new MosquittoPbkdf2(iterations, base64(fields[3], "the salt"), base64(fields[4], "the hash"));
        }

        @Override
        public boolean matches(byte[] password) {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA512Digest());
            generator.init(password, salt, iterations);
            byte[] computed = ((KeyParameter) generator.generateDerivedParameters(hash.length * 8)).getKey();
            return equalThenCleared(computed, hash);
        }

        @Override
        public String encoded() {
            return "$7$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                    + Base64.getEncoder().encodeToString(hash);
        }
    }

    /** Mosquitto 1.x: {@code $6$<salt, base64>$<hash, base64>}, SHA-512 of the password followed by the salt. */
    record MosquittoSha512(byte[] salt, byte[] hash) implements PasswordHash {

        static MosquittoSha512 parse(String encoded) {
            String[] fields = fields(encoded, 4, "$6$");
            return new MosquittoSha512(base64(fields[2], "the salt"), base64(fields[3], "the hash"));
        }

        @Override
        public boolean matches(byte[] password) {
            MessageDigest sha512;
            try {
                sha512 = MessageDigest.getInstance("SHA-512");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
            }
            sha512.update(password);
            sha512.update(salt);
            byte[] computed = sha512.digest();
            return equalThenCleared(computed, hash);
        }

        @Override
        public String encoded() {
            return "$6$" + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(hash);
        }
    }

    /**
     * Argon2 in the PHC string form ({@code $argon2id$v=19$m=16384,t=2,p=1$<salt>$<hash>}, base64 without
     * padding) that Spring Security's Argon2PasswordEncoder writes; computed with Bouncy Castle's generator,
     * which takes the password as bytes.
     */
    record Argon2(int type, int version, int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash)
            implements PasswordHash {

        /** Spring Security's defaults (its v5.8 set): 16 MiB, 2 passes, 1 lane, 16-byte salt, 32-byte hash. */
        static final int MEMORY_KIB = 16 * 1024;
        static final int ITERATIONS = 2;
        static final int PARALLELISM = 1;
        /** Bounds on what a file entry may ask of each login: memory and time. */
        static final int MAX_MEMORY_KIB = 1024 * 1024;
        static final int MAX_ITERATIONS = 100;
        static final int MAX_PARALLELISM = 16;

        private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

        static Argon2 parse(String encoded) {
            String[] fields = fields(encoded, 6, "$argon2");
            int type = switch (fields[1]) {
                case "argon2id" -> Argon2Parameters.ARGON2_id;
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                default -> throw new IllegalArgumentException("unknown Argon2 variant");
            };
            if (!fields[2].matches("v=\\d+")) {
                throw new IllegalArgumentException("an Argon2 hash needs its version, v=19");
            }
            int version = Integer.parseInt(fields[2].substring(2));
            int memory = -1;
            int iterations = -1;
            int parallelism = -1;
            for (String parameter : fields[3].split(",")) {
                String[] pair = parameter.split("=", 2);
                int value;
                try {
                    value = Integer.parseInt(pair.length == 2 ? pair[1] : "");
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("an Argon2 parameter is not a number");
                }
                switch (pair[0]) {
                    case "m" -> memory = value;
                    case "t" -> iterations = value;
                    case "p" -> parallelism = value;
                    default -> throw new IllegalArgumentException("unknown Argon2 parameter " + pair[0]);
                }
            }
            if (memory < 8 || memory > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS
                    || parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException("Argon2 parameters m, t, p missing or beyond " + MAX_MEMORY_KIB
                        + " KiB, " + MAX_ITERATIONS + " passes, " + MAX_PARALLELISM + " lanes");
            }
            return new Argon2(type, version, memory, iterations, parallelism, base64(fields[4], "the salt"),
                    base64(fields[5], "the hash"));
        }

        static Argon2 create(byte[] password) {
            byte[] salt = new byte[16];
            Salts.RANDOM.nextBytes(salt);
            byte[] hash = new byte[32];
            derive(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, MEMORY_KIB, ITERATIONS, PARALLELISM,
                    salt, password, hash);
            return new Argon2(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, MEMORY_KIB, ITERATIONS,
                    PARALLELISM, salt, hash);
        }

        private static void derive(int type, int version, int memoryKiB, int iterations, int parallelism, byte[] salt,
                                   byte[] password, byte[] into) {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(type).withVersion(version).withMemoryAsKB(memoryKiB)
                    .withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
            generator.generateBytes(password, into);
        }

        @Override
        public boolean matches(byte[] password) {
            byte[] computed = new byte[hash.length];
            derive(type, version, memoryKiB, iterations, parallelism, salt, password, computed);
            return equalThenCleared(computed, hash);
        }

        @Override
        public String encoded() {
            String variant = switch (type) {
                case Argon2Parameters.ARGON2_id -> "argon2id";
                case Argon2Parameters.ARGON2_i -> "argon2i";
                default -> "argon2d";
            };
            return "$" + variant + "$v=" + version + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                    + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
        }
    }

    /** BCrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}), through Spring Security's byte-taking BCrypt. */
    record Bcrypt(String encoded) implements PasswordHash {

        /** 2^12 rounds: Spring Security's default strength is 10; devices log in rarely, so a little slower. */
        static final int LOG_ROUNDS = 12;

        static Bcrypt create(byte[] password) {
            return new Bcrypt(BCrypt.hashpw(password, BCrypt.gensalt("$2b", LOG_ROUNDS, Salts.RANDOM)));
        }

        @Override
        public boolean matches(byte[] password) {
            return BCrypt.checkpw(password, encoded);
        }

        @Override
        public String toString() {
            return "Bcrypt[hash hidden]";
        }
    }

    /** The hash's form, for listings: never the hash. */
    static String describe(PasswordHash hash) {
        return switch (hash) {
            case MosquittoPbkdf2 p -> "mosquitto $7$ (PBKDF2-SHA512, " + p.iterations() + " iterations)";
            case MosquittoSha512 s -> "mosquitto $6$ (salted SHA-512; weak, change the password)";
            case Argon2 a -> "Argon2 (" + a.memoryKiB() + " KiB, " + a.iterations() + " passes)";
            case Bcrypt b -> "BCrypt " + b.encoded().substring(1, 3).toLowerCase(Locale.ROOT);
        };
    }

    /** The UTF-8 bytes of a typed password; the caller clears both copies. */
    static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }

    /** The random source of new salts. */
    final class Salts {
        static final SecureRandom RANDOM = new SecureRandom();

        private Salts() {
        }
    }
}

package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a corrupt cached SQLite native library printed a 16-line stack trace on every run and was never
 * replaced. The cache is now verified against the hash recorded when it was extracted.
 */
class SqliteNativeTest {
    @TempDir
    Path dir;

    private static byte[] driversOwnCopy() throws Exception {
        String resource = "/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so";
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Test
    void aDamagedCachedCopyIsReplacedByTheDriversOwn() throws Exception {
        byte[] own = driversOwnCopy();
        org.junit.jupiter.api.Assumptions.assumeTrue(own != null, "no x86_64 Linux library in this driver");
        Path lib = SqliteNative.cached(dir, "/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
        assertThat(Files.readAllBytes(lib)).isEqualTo(own);
        Files.write(lib, new byte[] {1, 2, 3});
        assertThat(SqliteNative.cached(dir, "/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so")).isEqualTo(lib);
        assertThat(Files.readAllBytes(lib)).isEqualTo(own);
        // a copy without its recorded hash (left by milestone 1) is replaced too
        Files.delete(dir.resolve("libsqlitejdbc.so.sha256"));
        Files.write(lib, own, java.nio.file.StandardOpenOption.APPEND);
        SqliteNative.cached(dir, "/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
        assertThat(Files.readAllBytes(lib)).isEqualTo(own);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("libsqlitejdbc.so", "libsqlitejdbc.so.sha256");
        }
    }
}

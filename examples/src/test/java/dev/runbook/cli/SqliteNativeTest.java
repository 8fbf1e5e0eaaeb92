package dev.runbook.cli;

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

    @Test
    void theLauncherRunsQuietlyOverADamagedCacheAndRepairsIt() throws Exception {
        byte[] own = driversOwnCopy();
        org.junit.jupiter.api.Assumptions.assumeTrue(own != null, "no x86_64 Linux library in this driver");
        Files.writeString(dir.resolve("rb.yaml"), String.join("\n",
                "runbook: native",
                "version: 1",
                "store: ./state/native.db",
                "checks:",
                "  ok: { type: command, run: [\"true\"] }",
                ""));
        Launch launch = Launch.plain(dir.resolve("xdg"));
        assertThat(launch.run(dir, "run", "rb.yaml").exit()).isZero();
        Path lib;
        try (Stream<Path> found = Files.walk(dir.resolve("xdg"))) {
            lib = found.filter(p -> p.getFileName().toString().equals("libsqlitejdbc.so")).findFirst().orElseThrow();
        }
        Files.write(lib, "not an ELF file".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Launch.Outcome o = launch.run(dir, "run", "rb.yaml");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.err()).doesNotContain("Exception", "Error", "\tat ");
        assertThat(Files.readAllBytes(lib)).isEqualTo(own);
        Launch.Outcome h = launch.run(dir, "history", "rb.yaml");
        assertThat(h.out()).contains("ok");
    }
}

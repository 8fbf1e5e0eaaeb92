package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher over a damaged cached SQLite library: quiet, repaired (the cache itself: runtime's SqliteNativeTest). */
class SqliteNativeProcessTest {
    @TempDir
    Path dir;

    static byte[] driversOwnCopy() throws Exception {
        String resource = "/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so";
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
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

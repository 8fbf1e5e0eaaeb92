package dev.runbook.benchmarks.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Runs a peer program (grep, awk, check_http) to completion and returns its stdout. Blocks. */
final class Peers {
    private Peers() {
    }

    static String run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes());
            }
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

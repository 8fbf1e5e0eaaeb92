package dev.runbook.core.engine;

import java.net.InetAddress;

/**
 * This machine's host name, recorded with runs: {@code HOSTNAME}, else the kernel's (Linux), else the resolver's,
 * else "localhost". Found once, on first use.
 */
final class LocalHost {
    static final String NAME = find();

    private LocalHost() {
    }

    private static String find() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            java.nio.file.Path kernel = java.nio.file.Path.of("/proc/sys/kernel/hostname");
            if (java.nio.file.Files.isReadable(kernel)) {
                String name = java.nio.file.Files.readString(kernel).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }
}

package dev.runbook.checks.system;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.VirtualMemory;
import oshi.software.os.OSFileStore;

/**
 * CPU ticks, memory and file system figures read through OSHI, for hosts without {@code /proc}
 * ({@link HostSource#OSHI}). OSHI's {@link SystemInfo} is built on the first call and kept (one per class loader),
 * so the {@code /proc} path never loads it. OSHI's "no data" (zeros) is passed on as such; the checks turn it into
 * {@code UNKNOWN}. Thread-safe; calls read the operating system's counters and do not block beyond that
 * (file stores: OSHI may run a short system command on some platforms).
 */
final class OshiHost {

    private OshiHost() {
    }

    /** Built on first use only: loading OSHI costs tens to hundreds of milliseconds. */
    private static final class Holder {
        static final SystemInfo SYSTEM = new SystemInfo();
        static final HardwareAbstractionLayer HARDWARE = SYSTEM.getHardware();
    }

    /** OSHI's hardware layer, or an IOException saying OSHI cannot run here (no native access, an odd platform). */
    private static HardwareAbstractionLayer hardware() throws IOException {
        try {
            return Holder.HARDWARE;
        } catch (LinkageError e) {
            throw new IOException("OSHI is not available on this platform: " + e, e);
        }
    }

    private static SystemInfo system() throws IOException {
        try {
            return Holder.SYSTEM;
        } catch (LinkageError e) {
            throw new IOException("OSHI is not available on this platform: " + e, e);
        }
    }

    /** The aggregate ticks, with idle counting idle + iowait as on {@code /proc/stat}. */
    static CpuTicks cpuTicks() throws IOException {
        long[] t = hardware().getProcessor().getSystemCpuLoadTicks();
        long total = 0;
        for (TickType type : TickType.values()) {
            total += Math.max(0, t[type.getIndex()]);
        }
        long idle = Math.max(0, t[TickType.IDLE.getIndex()]) + Math.max(0, t[TickType.IOWAIT.getIndex()]);
        if (total <= 0) {
            throw new IOException("OSHI reports no CPU ticks");
        }
        return new CpuTicks(total, idle);
    }

    /** Memory and swap in bytes, in the shape of {@code /proc/meminfo} (fields OSHI lacks are -1). */
    static MemInfo memInfo() throws IOException {
        GlobalMemory m = hardware().getMemory();
        VirtualMemory v = m.getVirtualMemory();
        long swapTotal = v.getSwapTotal();
        return new MemInfo(m.getTotal(), m.getAvailable(), -1, -1, -1, swapTotal, swapTotal - v.getSwapUsed());
    }

    /**
     * The file store holding {@code real} (the one with the longest mount point that contains it).
     *
     * @throws IOException if OSHI knows no file store holding it
     */
    static Store fileStore(Path real) throws IOException {
        OSFileStore best = null;
        int bestDepth = -1;
        for (OSFileStore fs : system().getOperatingSystem().getFileSystem().getFileStores()) {
            Path mount;
            try {
                mount = Path.of(fs.getMount());
            } catch (InvalidPathException e) {
                continue;
            }
            if (real.startsWith(mount) && mount.getNameCount() > bestDepth) {
                best = fs;
                bestDepth = mount.getNameCount();
            }
        }
        if (best == null) {
            throw new IOException("OSHI knows no file system holding " + real);
        }
        long total = best.getTotalSpace();
        long free = best.getFreeSpace();
        long totalInodes = best.getTotalInodes();
        long freeInodes = best.getFreeInodes();
        FileSystemUsage usage = new FileSystemUsage(total, Math.max(0, total - free), best.getUsableSpace(),
                totalInodes > 0 ? totalInodes - freeInodes : -1, totalInodes > 0 ? freeInodes : -1);
        return new Store(best.getMount(), best.getVolume(), usage);
    }

    /** A file store's mount point, device and figures. */
    record Store(String mountPoint, String device, FileSystemUsage usage) {
    }
}

package dev.runbook.checks.system;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Listening TCP sockets from {@code /proc/net/tcp} and {@code /proc/net/tcp6} (state {@code 0A}). Parsers are
 * pure functions over the file bytes. Thread-safe.
 */
final class ListenTable {

    /** One listening socket: its local address (4 or 16 bytes) and port. */
    record Listener(byte[] address, int port) {
        InetAddress inet() {
            try {
                return InetAddress.getByAddress(address);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean wildcard() {
            for (byte b : address) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Listener l && l.port == port && Arrays.equals(l.address, address);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(address) * 31 + port;
        }

        @Override
        public String toString() {
            return inet().getHostAddress() + ":" + port;
        }
    }

    private ListenTable() {
    }

    /**
     * Listeners on {@code port} (or every port when port is 0) in the given files; missing files are skipped.
     * The kernel lists a table's listening sockets before all others (Linux 4.4 and later), so reading stops at the
     * first line in another state: thousands of connections in TIME_WAIT cost nothing.
     */
    static List<Listener> read(List<Path> files, int port) throws IOException {
        List<Listener> out = new ArrayList<>();
        IOException failure = null;
        int readable = 0;
        byte[] buf = new byte[16384];
        for (Path f : files) {
            try (FileInputStream in = new FileInputStream(f.toString())) {
                readable++;
                readListeners(in, buf, port, out);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (readable == 0 && failure != null) {
            throw failure;
        }
        return out;
    }

    /** Reads line by line until the first socket that is not listening. */
    private static void readListeners(FileInputStream in, byte[] buf, int port, List<Listener> out) throws IOException {
        int len = 0;
        boolean header = true;
        while (true) {
            int n = in.read(buf, len, buf.length - len);
            if (n <= 0) {
                return; // a last line without newline does not occur in /proc
            }
            len += n;
            int pos = 0;
            int eol;
            while ((eol = indexOf(buf, pos, len, (byte) '\n')) >= 0) {
                if (header) {
                    header = false;
                } else if (!listening(buf, pos, eol)) {
                    return;
                } else {
                    Listener l = line(buf, pos, eol, port);
                    if (l != null) {
                        out.add(l);
                    }
                }
                pos = eol + 1;
            }
            System.arraycopy(buf, pos, buf, 0, len - pos);
            len -= pos;
            if (len == buf.length) {
                return; // a line longer than the buffer: not the format we know
            }
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** True if the line's state column (the fourth) is 0A, LISTEN. */
    static boolean listening(byte[] t, int from, int to) {
        int i = from;
        for (int col = 0; col < 3; col++) {
            while (i < to && t[i] == ' ') {
                i++;
            }
            while (i < to && t[i] != ' ') {
                i++;
            }
        }
        while (i < to && t[i] == ' ') {
            i++;
        }
        return i + 1 < to && t[i] == '0' && t[i + 1] == 'A';
    }

    /**
     * Adds the listeners of one /proc/net/tcp{,6} text to {@code out}. Lines look like
     * {@code 0: 0100007F:1F90 00000000:0000 0A ...}; addresses are hex words in host (little-endian) order.
     */
    static void parse(byte[] text, int port, List<Listener> out) {
        int pos = 0;
        int len = text.length;
        // skip the header line
        while (pos < len && text[pos] != '\n') {
            pos++;
        }
        pos++;
        while (pos < len) {
            int eol = pos;
            while (eol < len && text[eol] != '\n') {
                eol++;
            }
            Listener l = line(text, pos, eol, port);
            if (l != null) {
                out.add(l);
            }
            pos = eol + 1;
        }
    }

    private static Listener line(byte[] t, int from, int to, int wantPort) {
        int i = from;
        while (i < to && t[i] == ' ') {
            i++;
        }
        while (i < to && t[i] != ' ') { // "sl:"
            i++;
        }
        while (i < to && t[i] == ' ') {
            i++;
        }
        int addrStart = i;
        while (i < to && t[i] != ':') {
            i++;
        }
        int addrEnd = i;
        int portStart = ++i;
        while (i < to && t[i] != ' ') {
            i++;
        }
        int portEnd = i;
        while (i < to && t[i] == ' ') {
            i++;
        }
        while (i < to && t[i] != ' ') { // remote address
            i++;
        }
        while (i < to && t[i] == ' ') {
            i++;
        }
        if (i + 2 > to || t[i] != '0' || t[i + 1] != 'A') {
            return null;
        }
        int hexLen = addrEnd - addrStart;
        if (portEnd - portStart != 4 || (hexLen != 8 && hexLen != 32)) {
            return null;
        }
        int port = (int) hex(t, portStart, portEnd);
        if (wantPort != 0 && port != wantPort) {
            return null;
        }
        byte[] addr = new byte[hexLen / 2];
        for (int w = 0; w < hexLen / 8; w++) {
            long word = hex(t, addrStart + w * 8, addrStart + w * 8 + 8);
            // each 32-bit word is printed as the host-order integer: on little-endian hosts the bytes are reversed
            addr[w * 4] = (byte) word;
            addr[w * 4 + 1] = (byte) (word >>> 8);
            addr[w * 4 + 2] = (byte) (word >>> 16);
            addr[w * 4 + 3] = (byte) (word >>> 24);
        }
        return new Listener(addr, port);
    }

    private static long hex(byte[] t, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            int c = t[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /**
     * True if a listener accepts connections to {@code host}: the same address, a wildcard of either family
     * ({@code ::} is dual-stack by default on Linux), or the IPv4-mapped form of the address.
     */
    static boolean accepts(Listener l, InetAddress host) {
        if (host == null || l.wildcard()) {
            return true;
        }
        byte[] h = host.getAddress();
        if (Arrays.equals(l.address(), h)) {
            return true;
        }
        if (l.address().length == 16 && h.length == 4) {
            byte[] a = l.address();
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return false;
                }
            }
            return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff && a[12] == h[0] && a[13] == h[1] && a[14] == h[2]
                    && a[15] == h[3];
        }
        return false;
    }

    static String describe(List<Listener> ls) {
        StringBuilder b = new StringBuilder();
        for (Listener l : ls) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(l);
        }
        return b.toString();
    }
}

package dev.runbook.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ListenAddressTest {
    @Test
    void hostPortIpv6InBracketsAndAPortAloneMeaningLoopback() {
        InetSocketAddress a = ListenAddress.parse("127.0.0.1:9100");
        assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(a.getPort()).isEqualTo(9100);
        assertThat(ListenAddress.parse("[::1]:0").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        InetSocketAddress loop = ListenAddress.parse(":8080");
        assertThat(loop.getAddress().isLoopbackAddress()).isTrue();
        assertThat(loop.getPort()).isEqualTo(8080);
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertThatThrownBy(() -> ListenAddress.parse("9100")).hasMessage("expected HOST:PORT, e.g. 127.0.0.1:9100");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:http")).hasMessage("bad port 'http' (expected 0-65535)");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:70000")).hasMessage("port 70000 is out of range (0-65535)");
    }

    @Test
    void printsNumericHostsAndBracketsIpv6() {
        assertThat(ListenAddress.hostPort(ListenAddress.parse("127.0.0.1:9100"))).isEqualTo("127.0.0.1:9100");
        assertThat(ListenAddress.hostPort(ListenAddress.parse("[::1]:9100"))).isEqualTo("[0:0:0:0:0:0:0:1]:9100");
    }
}

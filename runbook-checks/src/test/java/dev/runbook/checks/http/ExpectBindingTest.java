package dev.runbook.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code expect.status} binds from a number, a list or a range string with the loader's snake_case naming. */
class ExpectBindingTest {
    private final ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Test
    void bindsStatusAsANumberAListOrARange() throws Exception {
        assertThat(mapper.readValue("{\"status\": 200}", HttpCheckType.Expect.class).status()).containsExactly("200");
        assertThat(mapper.readValue("{\"status\": [200, 503]}", HttpCheckType.Expect.class).status()).containsExactly("200", "503");
        assertThat(mapper.readValue("{\"status\": \"200-299\"}", HttpCheckType.Expect.class).status()).containsExactly("200-299");
        HttpCheckType.Expect e = mapper.readValue("{\"body_contains\": \"ok\", \"json\": {\"/status\": \"healthy\", \"n\": 3}}",
                HttpCheckType.Expect.class);
        assertThat(e.bodyContains()).isEqualTo("ok");
        assertThat(e.json()).isEqualTo(Map.of("/status", "healthy", "n", 3));
        assertThat(StatusSet.parse(List.of("200", "500-599", "3xx")).contains(302)).isTrue();
    }
}

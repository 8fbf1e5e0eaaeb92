package com.example.runbook.apicost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: api-cost} — an API's usage and cost this month, read from a JSON usage endpoint: the seed's
 * monthly "OpenAI API Usage &amp; Cost Review" as a check a team adds without touching runbook itself.
 *
 * <pre>{@code
 * checks:
 *   openai-cost:
 *     type: api-cost
 *     title: OpenAI API usage and cost (this month)
 *     url: https://billing.example.com/v1/usage?month=current
 *     api_key: ${secret:openai_admin_key}
 *     currency: USD
 *     budget: 20 USD          # adds budget_used (%)
 *     warning: 15 USD         # on the primary metric, cost
 *     critical: 20 USD
 * }</pre>
 *
 * <p>The endpoint answers {@code {"tokens": 1234567, "cost": 2.80, "currency": "USD"}} (extra fields ignored).
 * Metrics: {@code cost} (currency, higher is worse, primary), {@code tokens} (count), {@code budget_used} (%)
 * when a budget is given. A refused connection or a 5xx is CRITICAL (the usage service is down); an answer it
 * cannot read, or in another currency, is UNKNOWN. Stateless and thread-safe; the check blocks on HTTP up to
 * its timeout. Registered in {@code META-INF/services/dev.runbook.core.spi.CheckType}.
 */
public final class ApiCostCheckType implements CheckType<ApiCostCheckType.Params> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The YAML keys: {@code url} (required), {@code api_key} (sent as a bearer token), {@code currency}
     * (ISO 4217, default USD), {@code budget} (e.g. {@code 20 USD}).
     */
    public record Params(String url, String apiKey, String currency, String budget) {
    }

    /** A public no-argument constructor, as ServiceLoader needs. */
    public ApiCostCheckType() {
    }

    @Override
    public String name() {
        return "api-cost";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "API usage and cost this month from a JSON usage endpoint (tokens, cost, budget used)";
    }

    @Override
    public List<MetricSpec> metrics(Params p) {
        List<MetricSpec> m = new ArrayList<>();
        m.add(MetricSpec.higherIsWorse("cost", Unit.currency(currency(p))));
        m.add(MetricSpec.higherIsWorse("tokens", Unit.COUNT));
        if (p.budget() != null) {
            m.add(MetricSpec.higherIsWorse("budget_used", Unit.PERCENT));
        }
        return m;
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p.url() == null || p.url().isBlank()) {
            throw new IllegalArgumentException("url: required, the JSON usage endpoint (e.g. https://billing.example.com/v1/usage)");
        }
        URI uri;
        try {
            uri = URI.create(p.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: not a URL: '" + p.url() + "'");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("url: expected http:// or https://, found '" + p.url() + "'");
        }
        Unit currency = Unit.currency(currency(p));
        Double budget = null;
        if (p.budget() != null) {
            try {
                budget = Quantity.parse(p.budget()).canonicalFor(currency);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("budget: " + e.getMessage());
            }
            if (budget <= 0) {
                throw new IllegalArgumentException("budget: must be more than 0, found '" + p.budget() + "'");
            }
        }
        Double budgetValue = budget;
        return ctx -> probe(uri, p.apiKey(), currency, budgetValue, ioTimeoutMillis(ctx));
    }

    /**
     * The time this check gives its own HTTP I/O: what is left until the engine's deadline, less a margin (a fifth,
     * 100 ms to 1 s), so that a silent endpoint is this check's CRITICAL "no answer" rather than the engine's
     * UNKNOWN "timed out". Every type that talks to the network should keep its own timeouts below the deadline.
     */
    static int ioTimeoutMillis(CheckContext ctx) {
        long left = Duration.between(ctx.clock().instant(), ctx.deadline()).toMillis();
        long margin = Math.max(100, Math.min(1000, left / 5));
        return (int) Math.max(10, Math.min(Integer.MAX_VALUE, left - margin));
    }

    private static String currency(Params p) {
        return p.currency() == null ? "USD" : p.currency().toUpperCase(Locale.ROOT);
    }

    static CheckResult probe(URI uri, String apiKey, Unit currency, Double budget, int timeoutMs) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        long start = System.nanoTime();
        c.setConnectTimeout(timeoutMs);
        c.setReadTimeout(timeoutMs);
        c.setRequestProperty("Accept", "application/json");
        if (apiKey != null && !apiKey.isBlank()) {
            c.setRequestProperty("Authorization", "Bearer " + apiKey);
        }
        int code;
        JsonNode body;
        try {
            c.connect();
            // What connecting took comes off the time left for the answer.
            c.setReadTimeout((int) Math.max(10, timeoutMs - (System.nanoTime() - start) / 1_000_000));
            code = c.getResponseCode();
            if (code >= 500) {
                return CheckResult.critical("usage endpoint answered HTTP " + code);
            }
            if (code != 200) {
                return CheckResult.unknown("usage endpoint answered HTTP " + code + (code == 401 || code == 403
                        ? " (check api_key)" : ""));
            }
            try (InputStream in = c.getInputStream()) {
                body = JSON.readTree(in);
            }
        } catch (ConnectException e) {
            return CheckResult.critical("connection refused: " + uri.getHost() + ":" + port(uri));
        } catch (SocketTimeoutException e) {
            return CheckResult.critical("no answer within " + timeoutMs + " ms from " + uri.getHost());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return CheckResult.unknown("usage endpoint did not answer JSON: " + e.getOriginalMessage());
        } finally {
            c.disconnect();
        }
        JsonNode cost = body.get("cost");
        JsonNode tokens = body.get("tokens");
        if (cost == null || !cost.isNumber() || tokens == null || !tokens.isNumber()) {
            return CheckResult.unknown("expected {\"tokens\": <number>, \"cost\": <number>}, found " + abbreviate(body.toString()));
        }
        JsonNode cur = body.get("currency");
        if (cur != null && cur.isTextual() && !cur.asText().equalsIgnoreCase(currency.symbol())) {
            return CheckResult.unknown("usage is in " + cur.asText() + ", the check expects " + currency.symbol()
                    + " (set currency: " + cur.asText() + ")");
        }
        double costValue = cost.asDouble();
        CheckResult.Builder b = CheckResult.builder().status(Status.OK).value(costValue, currency)
                .metric("cost", costValue).metric("tokens", tokens.asDouble());
        String msg = String.format(Locale.ROOT, "%s this month, %,d tokens", Quantity.humanize(costValue, currency),
                tokens.asLong());
        if (budget != null) {
            double used = 100.0 * costValue / budget;
            b.metric("budget_used", used);
            msg += String.format(Locale.ROOT, ", %.1f%% of the %s budget", used, Quantity.humanize(budget, currency));
        }
        return b.message(msg).build();
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}

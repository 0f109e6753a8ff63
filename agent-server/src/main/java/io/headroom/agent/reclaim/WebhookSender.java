package io.headroom.agent.reclaim;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notices to webhooks over HTTPS: a few tries with exponential backoff and jitter for
 * what may pass (timeouts, connection failures, 5xx, 429), none more for what will not (other
 * 4xx, a robot's own error code in a 200 answer). Logs and answers name the webhook and its
 * masked address, never its key or secret.
 */
public final class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    /** How hard to try: {@code tries} in all, waiting about {@code firstWait}, then twice that, each ±50%. */
    public record Tries(int tries, Duration firstWait, Duration maxWait, Duration timeout) {
        public static final Tries DEFAULT =
                new Tries(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10));

        public Tries {
            if (tries < 1) {
                throw new IllegalArgumentException("tries must be at least 1, not " + tries);
            }
        }
    }

    /** Waits between tries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration wait) throws InterruptedException;
    }

    private final HttpClient http;
    private final Tries tries;
    private final Pause pause;
    private final SendCounts counts;
    private final InstantSource clock;

    public WebhookSender(SSLContext tls, Tries tries, Pause pause, SendCounts counts, InstantSource clock) {
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(tries.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.tries = tries;
        this.pause = pause;
        this.counts = counts;
        this.clock = clock;
    }

    /** With the system's trust store and real waits. */
    public static WebhookSender standard(SendCounts counts) throws java.security.NoSuchAlgorithmException {
        return new WebhookSender(
                SSLContext.getDefault(), Tries.DEFAULT, wait -> Thread.sleep(wait), counts, InstantSource.system());
    }

    public SendCounts counts() {
        return counts;
    }

    public SendOutcome send(Webhook webhook, ChatMessage notice) {
        String last = "";
        int limit = webhook.tries() > 0 ? webhook.tries() : tries.tries();
        Duration timeout = webhook.timeout() != null ? webhook.timeout() : tries.timeout();
        for (int attempt = 1; attempt <= limit; attempt++) {
            // Signed again on each try: the robots refuse a timestamp too far from their clock.
            WebhookRequest request = webhook.format()
                    .request(notice, webhook.language(), webhook.url(), webhook.secret(), clock.millis());
            Attempt result = attempt(webhook, request, timeout);
            if (result.sent()) {
                counts.count(webhook.name(), true, "ok");
                log.info("told {} through {} (try {})", notice.about(), webhook, attempt);
                return new SendOutcome(true, "sent to " + webhook.name() + " (" + webhook.maskedUrl() + ")", attempt);
            }
            last = webhook.scrub(result.message());
            if (!result.retry() || attempt == limit) {
                counts.count(webhook.name(), false, result.reason());
                log.warn("could not tell {} through {}: {}", notice.about(), webhook, last);
                return new SendOutcome(false, webhook.name() + " (" + webhook.maskedUrl() + "): " + last, attempt);
            }
            log.info("{} failed on try {} of {} ({}); trying again", webhook, attempt, limit, last);
            try {
                pause.pause(waitBefore(attempt + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                counts.count(webhook.name(), false, result.reason());
                return new SendOutcome(
                        false, webhook.name() + ": interrupted while waiting to try again; " + last, attempt);
            }
        }
        throw new IllegalStateException("unreachable: " + last);
    }

    /** The wait before try {@code attempt} (2 or more): firstWait doubled for each try after the second, ±50%, capped. */
    Duration waitBefore(int attempt) {
        long base = tries.firstWait().toMillis() << Math.min(20, attempt - 2);
        long capped = Math.min(base, tries.maxWait().toMillis());
        long jittered = (long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble()));
        return Duration.ofMillis(Math.min(jittered, tries.maxWait().toMillis()));
    }

    private record Attempt(boolean sent, boolean retry, String reason, String message) {}

    private Attempt attempt(Webhook webhook, WebhookRequest request, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        request.headers().forEach(builder::header);
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return new Attempt(false, true, "timeout", "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Attempt(
                    false,
                    true,
                    "io",
                    "could not reach it (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(false, false, "io", "interrupted");
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status == 429) {
            return new Attempt(
                    false, true, "http_429", "HTTP 429 (too many messages): " + RobotAnswer.abbreviate(body));
        }
        if (status >= 500) {
            return new Attempt(false, true, "http_5xx", "HTTP " + status + ": " + RobotAnswer.abbreviate(body));
        }
        if (status < 200 || status >= 300) {
            return new Attempt(false, false, "http_4xx", "HTTP " + status + ": " + RobotAnswer.abbreviate(body));
        }
        String refusal = webhook.format().refusalIn(body);
        if (refusal != null) {
            return new Attempt(false, false, "refused", refusal);
        }
        return new Attempt(true, false, "ok", "");
    }
}

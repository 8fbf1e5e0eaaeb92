package dev.runbook.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one timed invocation. Time bounds here are hang guards, never speed checks. */
class InvokerTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final Invoker invoker = Invoker.builder().concurrency(1).abandonedBound(1).name("test-worker").build();

    @AfterEach
    void tearDown() {
        release.countDown();
        invoker.close();
    }

    /** Waits for the release, ignoring interrupts. */
    private String ignoreInterrupts() {
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // keeps running
            }
        }
        return "released";
    }

    @Test
    void returnsTheValueOrTheException() {
        assertThat(invoker.call("a", Duration.ofSeconds(5), () -> "x").value()).isEqualTo("x");
        Completion<Object> failed = invoker.call("b", Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("broken");
        });
        assertThat(failed.kind()).isEqualTo(Completion.Kind.FAILED);
        assertThat(failed.describe(Duration.ofSeconds(5))).isEqualTo("IllegalStateException: broken");
    }

    @Test
    void theDeadlineIsArmedAtSubmissionSoQueueTimeCounts() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CompletableFuture<Completion<String>> first = invoker.submit("first", Duration.ofSeconds(30), () -> {
            busy.countDown();
            release.await();
            return "first";
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean ran = new AtomicBoolean();
        Completion<String> queued = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> invoker.call("queued", Duration.ofMillis(100), () -> {
                    ran.set(true);
                    return "ran";
                }));
        assertThat(queued.kind()).isEqualTo(Completion.Kind.TIMED_OUT);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).value()).isEqualTo("first");
        // the expired job is dropped when a worker reaches it
        assertThat(invoker.call("after", Duration.ofSeconds(5), () -> "after").value()).isEqualTo("after");
        assertThat(ran).isFalse();
    }

    @Test
    void theWorkerIsInterruptedAtTheDeadline() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        // a deadline long enough for a loaded machine to start the worker: armed at submission, it also counts
        // the time before the worker starts, and work that never started is not interrupted
        Completion<String> c = invoker.call("sleeper", Duration.ofSeconds(2), () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "slept";
        });
        assertThat(c.kind()).isEqualTo(Completion.Kind.TIMED_OUT);
        assertThat(c.describe(Duration.ofSeconds(2))).isEqualTo("timed out after 2s");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anAbandonedWorkerIsReplacedTrackedByKeyAndPastTheBoundNoWorkerIsFree() {
        Completion<String> hung = invoker.call("hung", Duration.ofSeconds(1), this::ignoreInterrupts);
        assertThat(hung.kind()).isEqualTo(Completion.Kind.TIMED_OUT);
        assertThat(invoker.abandoned()).isEqualTo(1);
        assertThat(invoker.stillRunning("hung")).isTrue();
        assertThat(invoker.call("hung", Duration.ofSeconds(5), () -> "again").kind())
                .isEqualTo(Completion.Kind.STILL_RUNNING);
        // a fresh worker replaced the abandoned one
        assertThat(invoker.call("other", Duration.ofSeconds(5), () -> "other").value()).isEqualTo("other");
        // a second abandoned worker: past the bound of one
        assertThat(invoker.call("hung-2", Duration.ofSeconds(1), this::ignoreInterrupts).kind())
                .isEqualTo(Completion.Kind.TIMED_OUT);
        assertThat(invoker.call("third", Duration.ofSeconds(5), () -> "third").kind())
                .isEqualTo(Completion.Kind.NO_WORKER_FREE);
        release.countDown();
        String back = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Completion<String> c;
            do {
                c = invoker.call("hung", Duration.ofSeconds(5), () -> "back");
                Thread.sleep(10);
            } while (c.kind() != Completion.Kind.RETURNED);
            return c.value();
        });
        assertThat(back).isEqualTo("back");
        assertThat(invoker.stillRunning("hung")).isFalse();
    }

    @Test
    void closeCompletesEverythingPendingAsClosed() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CompletableFuture<Completion<String>> running = invoker.submit("running", Duration.ofSeconds(60), () -> {
            busy.countDown();
            return ignoreInterrupts();
        });
        CompletableFuture<Completion<String>> queued = invoker.submit("queued", Duration.ofSeconds(60), () -> "q");
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        assertTimeoutPreemptively(Duration.ofSeconds(10), invoker::close);
        assertThat(running.get(10, TimeUnit.SECONDS).kind()).isEqualTo(Completion.Kind.CLOSED);
        assertThat(queued.get(10, TimeUnit.SECONDS).kind()).isEqualTo(Completion.Kind.CLOSED);
        assertThat(invoker.call("late", Duration.ofSeconds(5), () -> "late").kind()).isEqualTo(Completion.Kind.CLOSED);
    }

    @Test
    void aCallersExecutorIsUsedAndNotShutDown() {
        ExecutorService mine = Executors.newFixedThreadPool(2);
        try (Invoker onMine = Invoker.builder().executor(mine).abandonedBound(1).build()) {
            assertThat(onMine.call(null, Duration.ofSeconds(5), () -> Thread.currentThread().getName()).value())
                    .startsWith("pool-");
            assertThat(onMine.call("hung", Duration.ofSeconds(1), this::ignoreInterrupts).kind())
                    .isEqualTo(Completion.Kind.TIMED_OUT);
            assertThat(onMine.call("next", Duration.ofSeconds(5), () -> "next").kind())
                    .isEqualTo(Completion.Kind.NO_WORKER_FREE);
        }
        assertThat(mine.isShutdown()).isFalse();
        release.countDown();
        mine.shutdown();
    }
}

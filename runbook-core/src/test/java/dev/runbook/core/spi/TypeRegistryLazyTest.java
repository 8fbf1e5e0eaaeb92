package dev.runbook.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TypeRegistry#load(ClassLoader)} creates a {@link TypeName}-annotated provider only when its type is used. */
class TypeRegistryLazyTest {
    static final AtomicInteger DISK_CREATED = new AtomicInteger();
    static final AtomicInteger QUEUE_CREATED = new AtomicInteger();
    static final AtomicInteger PLAIN_CREATED = new AtomicInteger();

    /** Annotated: created on first use. */
    @TypeName("disk-like")
    public static class DiskLike extends TypeRegistryTest.QueueDepth {
        public DiskLike() {
            DISK_CREATED.incrementAndGet();
        }

        @Override
        public String name() {
            return "disk-like";
        }
    }

    /** Annotated: created on first use. */
    @TypeName("lazy-queue")
    public static class LazyQueue extends TypeRegistryTest.QueueDepth {
        public LazyQueue() {
            QUEUE_CREATED.incrementAndGet();
        }

        @Override
        public String name() {
            return "lazy-queue";
        }
    }

    /** Annotated with the name of the test class path's own queue-depth type (registered in META-INF/services). */
    @TypeName("queue-depth")
    public static class SecondQueueDepth extends TypeRegistryTest.QueueDepth {
        public SecondQueueDepth() {
            QUEUE_CREATED.incrementAndGet();
        }
    }

    /** Not annotated: created when the registry loads, as before. */
    public static class Plain extends TypeRegistryTest.QueueDepth {
        public Plain() {
            PLAIN_CREATED.incrementAndGet();
        }

        @Override
        public String name() {
            return "plain";
        }
    }

    /** Annotated with a name its name() does not return. */
    @TypeName("said")
    public static class Mismatch extends TypeRegistryTest.QueueDepth {
    }

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        DISK_CREATED.set(0);
        QUEUE_CREATED.set(0);
        PLAIN_CREATED.set(0);
    }

    /**
     * A class loader that sees these providers through a services file of its own (the test loader's classes),
     * besides the test class path's own registration of {@link TypeRegistryTest.QueueDepth} (not annotated).
     */
    private ClassLoader providers(Class<?>... types) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        StringBuilder sb = new StringBuilder();
        for (Class<?> t : types) {
            sb.append(t.getName()).append('\n');
        }
        Files.writeString(services.resolve(CheckType.class.getName()), sb);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void createsAnAnnotatedTypeOnlyWhenItIsLookedUp() throws Exception {
        TypeRegistry r = TypeRegistry.load(providers(DiskLike.class, LazyQueue.class, Plain.class));
        assertThat(r.checkTypes().keySet()).containsExactly("disk-like", "lazy-queue", "plain", "queue-depth");
        assertThat(DISK_CREATED.get()).isZero();
        assertThat(QUEUE_CREATED.get()).isZero();
        assertThat(PLAIN_CREATED.get()).isEqualTo(1);

        assertThat(r.checkType("disk-like")).get().isInstanceOf(DiskLike.class);
        assertThat(r.checkTypes().get("disk-like")).isSameAs(r.checkType("disk-like").get());
        assertThat(DISK_CREATED.get()).isEqualTo(1);
        assertThat(QUEUE_CREATED.get()).as("a type the runbook does not use is never created").isZero();

        assertThat(r.checkTypes().values()).as("iterating creates them all").hasSize(4).doesNotContainNull();
        assertThat(QUEUE_CREATED.get()).isEqualTo(1);
        assertThat(DISK_CREATED.get()).isEqualTo(1);
    }

    @Test
    void addAllKeepsLazyTypesLazy() throws Exception {
        TypeRegistry r = TypeRegistry.load(providers(DiskLike.class, LazyQueue.class));
        TypeRegistry all = TypeRegistry.builder().addAll(r).build();
        assertThat(all.checkTypes().keySet()).containsExactly("disk-like", "lazy-queue", "queue-depth");
        assertThat(DISK_CREATED.get() + QUEUE_CREATED.get()).isZero();
        assertThat(all.checkType("lazy-queue")).isPresent();
        assertThat(QUEUE_CREATED.get()).isEqualTo(1);
    }

    @Test
    void aDuplicateNameIsFoundWithoutCreatingEither() throws Exception {
        assertThatThrownBy(() -> TypeRegistry.load(providers(SecondQueueDepth.class)))
                .isInstanceOf(TypeRegistry.TypeRegistryException.class)
                .hasMessageContaining("check type 'queue-depth' is provided twice");
        assertThat(QUEUE_CREATED.get()).isZero();
    }

    @Test
    void anAnnotationThatDisagreesWithNameIsOneClearErrorOnFirstUse() throws Exception {
        TypeRegistry r = TypeRegistry.load(providers(Mismatch.class));
        assertThatThrownBy(() -> r.checkType("said"))
                .isInstanceOf(TypeRegistry.TypeRegistryException.class)
                .hasMessageContaining("@TypeName(\"said\")").hasMessageContaining("name() is 'queue-depth'");
    }
}

package dev.flinkext.common.concurrent;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonThreadFactoryTest {

    @Test
    void namesNumbersAndCarriesTheCreatorsClassLoader() throws Exception {
        ClassLoader userCode = new URLClassLoader(new URL[0], getClass().getClassLoader());
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        DaemonThreadFactory factory;
        current.setContextClassLoader(userCode);
        try {
            factory = DaemonThreadFactory.named("flinkext-test");
        } finally {
            current.setContextClassLoader(previous);
        }

        Thread first = factory.newThread(() -> {});
        Thread second = factory.newThread(() -> {});

        assertThat(first.getName()).isEqualTo("flinkext-test-1");
        assertThat(second.getName()).isEqualTo("flinkext-test-2");
        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getContextClassLoader()).isSameAs(userCode);
    }
}

package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import org.junit.jupiter.api.Test;

/** Signal names and numbers as a person types them for stop and kill. */
class ContainerSignalsTest {

    @Test
    void namesWithOrWithoutSigAndAnyCaseAndNumbers() {
        assertThat(Signals.parse("SIGTERM")).isEqualTo(15);
        assertThat(Signals.parse("term")).isEqualTo(15);
        assertThat(Signals.parse(" sigkill ")).isEqualTo(9);
        assertThat(Signals.parse("USR1")).isEqualTo(10);
        assertThat(Signals.parse("SIGIOT")).isEqualTo(6);
        assertThat(Signals.parse("15")).isEqualTo(15);
        assertThat(Signals.parse("64")).isEqualTo(64);
        assertThat(Signals.parse("SIGRTMIN")).isEqualTo(34);
        assertThat(Signals.parse("RTMIN+3")).isEqualTo(37);
        assertThat(Signals.parse("SIGRTMAX-1")).isEqualTo(63);
    }

    @Test
    void unknownSignalsAreRefusedWithAClearMessage() {
        for (String bad : new String[] {"SIGNOPE", "0", "65", "-9", "RTMAX+1", "RTMIN-1", "9999", "SIG", "RTMINX"}) {
            assertThatThrownBy(() -> Signals.parse(bad)).as(bad).isInstanceOf(BerthException.InvalidArgument.class)
                    .hasMessageContaining("is not known");
        }
        assertThatThrownBy(() -> Signals.parse(" ")).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessageContaining("a signal is needed");
    }

    @Test
    void namesForMessages() {
        assertThat(Signals.name(15)).isEqualTo("SIGTERM");
        assertThat(Signals.name(6)).isEqualTo("SIGABRT");
        assertThat(Signals.name(29)).isEqualTo("SIGIO");
        assertThat(Signals.name(40)).isEqualTo("40");
    }
}

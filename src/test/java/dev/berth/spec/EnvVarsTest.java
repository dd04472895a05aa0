package dev.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvVarsTest {

    @Test
    void overridesReplaceInPlaceAppendNewAndRemoveKeysWithoutValue() {
        List<String> out = EnvVars.replaceOrAppend(
                List.of("PATH=/bin", "A=1", "B=2", "C=3"),
                List.of("A=x", "D=4", "B", "PATH=/usr/bin:/bin"));
        assertThat(out).containsExactly("PATH=/usr/bin:/bin", "A=x", "C=3", "D=4");
    }

    @Test
    void aNewKeyGivenTwiceIsAppendedTwiceAsGoDoes() {
        // Go's cache is not updated for appended keys
        assertThat(EnvVars.replaceOrAppend(List.of("A=1"), List.of("N=1", "N=2"))).containsExactly("A=1", "N=1", "N=2");
    }

    @Test
    void theLastDuplicateOfADefaultIsTheOneReplaced() {
        assertThat(EnvVars.replaceOrAppend(List.of("A=1", "A=2"), List.of("A=3"))).containsExactly("A=1", "A=3");
    }

    @Test
    void removingAnAbsentKeyChangesNothing() {
        assertThat(EnvVars.replaceOrAppend(List.of("A=1"), List.of("Z"))).containsExactly("A=1");
    }
}

package dev.berth.registry;

import dev.berth.model.BerthException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthChallengeTest {

    @Test
    void dockerHubBearer() {
        List<AuthChallenge> c = AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");
        assertThat(c).hasSize(1);
        assertThat(c.get(0).isBearer()).isTrue();
        assertThat(c.get(0).params()).containsExactly(
                Map.entry("realm", "https://auth.docker.io/token"),
                Map.entry("service", "registry.docker.io"),
                Map.entry("scope", "repository:library/nginx:pull"));
    }

    @Test
    void severalChallengesCommasInQuotesAndEscapes() {
        List<AuthChallenge> c = AuthChallenge.parse(
                "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\" ,  "
                        + "Bearer realm=\"https://t/x?a=1,2\", scope=\"repository:a:pull,push repository:b:pull\", error=insufficient_scope");
        assertThat(c).extracting(AuthChallenge::scheme).containsExactly("newauth", "basic", "bearer");
        assertThat(c.get(0).param("title")).isEqualTo("Login to \"apps\"");
        assertThat(c.get(0).param("TYPE")).isEqualTo("1");
        assertThat(c.get(1).param("realm")).isEqualTo("simple");
        assertThat(c.get(2).param("realm")).isEqualTo("https://t/x?a=1,2");
        assertThat(c.get(2).param("scope")).isEqualTo("repository:a:pull,push repository:b:pull");
        assertThat(c.get(2).param("error")).isEqualTo("insufficient_scope");
    }

    @Test
    void schemesAndNamesAreCaseInsensitiveAndSpacingIsFree() {
        List<AuthChallenge> c = AuthChallenge.parse("BASIC   Realm = \"r\"\t,CharSet=UTF-8");
        assertThat(c).hasSize(1);
        assertThat(c.get(0).isBasic()).isTrue();
        assertThat(c.get(0).params()).containsExactly(Map.entry("realm", "r"), Map.entry("charset", "UTF-8"));
    }

    @Test
    void bareSchemesAndToken68() {
        assertThat(AuthChallenge.parse("Basic")).containsExactly(new AuthChallenge("basic", Map.of()));
        assertThat(AuthChallenge.parse("Negotiate, Basic realm=x")).extracting(AuthChallenge::scheme).containsExactly("negotiate", "basic");
        List<AuthChallenge> t = AuthChallenge.parse("Negotiate abc+/def==, Bearer realm=\"r\"");
        assertThat(t.get(0).token68()).isEqualTo("abc+/def==");
        assertThat(t.get(1).param("realm")).isEqualTo("r");
        // "realm=" alone is, by the grammar, a token68 value
        assertThat(AuthChallenge.parse("Bearer realm=").get(0).token68()).isEqualTo("realm=");
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(" , ,")).isEmpty();
        assertThat(AuthChallenge.parseAll(List.of("Basic realm=a", "Bearer realm=b"))).extracting(AuthChallenge::scheme)
                .containsExactly("basic", "bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer realm=\"unterminated", "Bearer realm=, service=x", "Bearer =x",
            "Bearer realm=\"a\" service=\"b\"", "Bearer realm=\"a\", realm=\"b\"", "Bearer\"x\"", "=Bearer", "Bearer realm=\"a\\",
            "Bearer realm=\"a\u0001b\"", "Bearer realm=\"a\", @", "Bearer a=b c"})
    void malformedHeadersAreRegistryErrors(String header) {
        assertThatThrownBy(() -> AuthChallenge.parse(header))
                .isInstanceOf(BerthException.Registry.class)
                .hasMessageStartingWith("malformed WWW-Authenticate header");
    }

    @Test
    void hugeHeadersAreRefused() {
        assertThatThrownBy(() -> AuthChallenge.parse("Bearer realm=\"" + "x".repeat(20_000) + "\""))
                .isInstanceOf(BerthException.Registry.class);
    }

    // ---- properties

    @Provide
    Arbitrary<List<AuthChallenge>> challenges() {
        Arbitrary<String> token = Arbitraries.strings().withChars("abcXYZ019!#$%&'*+-.^_`|~").ofMinLength(1).ofMaxLength(10)
                .filter(s -> Character.isLetterOrDigit(s.charAt(0)));
        Arbitrary<String> value = Arbitraries.strings().withChars("ab ,=\"\\;:/?@[]{}\tüx").ofMaxLength(20);
        Arbitrary<Map<String, String>> params = Combinators.combine(token, value).as(Map::entry).list().ofMaxSize(5)
                .map(entries -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    for (Map.Entry<String, String> e : entries) {
                        m.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
                    }
                    return m;
                });
        Arbitrary<String> scheme = Arbitraries.strings().withChars("abcdefXYZ").ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(scheme, params).as(AuthChallenge::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 500)
    void renderedChallengesParseBack(@ForAll("challenges") List<AuthChallenge> challenges) {
        String header = challenges.stream().map(AuthChallenge::toHeader).collect(Collectors.joining(", "));
        assertThat(AuthChallenge.parse(header)).isEqualTo(challenges);
    }

    @Property(tries = 500)
    void anyHeaderParsesOrIsARegistryError(@ForAll("noise") String header) {
        try {
            List<AuthChallenge> c = AuthChallenge.parse(header);
            assertThat(c).allSatisfy(ch -> assertThat(ch.scheme()).isNotEmpty());
        } catch (BerthException.Registry e) {
            assertThat(e.getMessage()).startsWith("malformed WWW-Authenticate header");
        }
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("Bearer realm=\"\\,x \t").ofMaxLength(60),
                Arbitraries.strings().ofMaxLength(60));
    }
}

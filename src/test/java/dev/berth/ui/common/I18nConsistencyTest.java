package dev.berth.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every key used in the sources (as {@code tr("key"} in Java, {@code %key} in FXML) is in both
 * bundles; every key in a bundle is used; both bundles have the same keys; every value is a valid
 * MessageFormat pattern without a straight quote (which MessageFormat would swallow).
 */
class I18nConsistencyTest {

    private static final Pattern JAVA_KEY = Pattern.compile("\\btr\\(\\s*\"([A-Za-z0-9_.]+)\"");
    private static final Pattern FXML_KEY = Pattern.compile("\"%([A-Za-z0-9_.]+)\"");
    private static final Path ROOT = Path.of("").toAbsolutePath();

    static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = I18nConsistencyTest.class.getResourceAsStream("/dev/berth/i18n/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    static Set<String> usedKeys() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path dir : new Path[] {ROOT.resolve("src/main/java/dev/berth/ui"), ROOT.resolve("src/main/java/dev/berth/app")}) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    Matcher m = JAVA_KEY.matcher(Files.readString(f));
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        Path res = ROOT.resolve("src/main/resources/dev/berth");
        if (Files.isDirectory(res)) {
            try (Stream<Path> files = Files.walk(res)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".fxml"))::iterator) {
                    Matcher m = FXML_KEY.matcher(Files.readString(f));
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return used;
    }

    @Test
    void everyUsedKeyIsDefinedAndEveryDefinedKeyIsUsed() throws IOException {
        Set<String> used = usedKeys();
        assertThat(used).as("keys found in the sources").hasSizeGreaterThan(100);
        for (String bundle : new String[] {"messages.properties", "messages_zh_CN.properties"}) {
            Set<String> defined = new TreeSet<>(load(bundle).stringPropertyNames());
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(defined);
            Set<String> unused = new TreeSet<>(defined);
            unused.removeAll(used);
            assertThat(missing).as("keys used in the sources but missing from " + bundle).isEmpty();
            assertThat(unused).as("keys in " + bundle + " that no source uses").isEmpty();
        }
    }

    @Test
    void bothBundlesHaveTheSameKeys() throws IOException {
        assertThat(new TreeSet<>(load("messages_zh_CN.properties").stringPropertyNames()))
                .isEqualTo(new TreeSet<>(load("messages.properties").stringPropertyNames()));
    }

    @Test
    void everyValueIsAValidPatternWithoutStraightQuotes() throws IOException {
        for (String bundle : new String[] {"messages.properties", "messages_zh_CN.properties"}) {
            Properties p = load(bundle);
            for (String key : p.stringPropertyNames()) {
                String v = p.getProperty(key);
                assertThat(v).as(bundle + " " + key).doesNotContain("'");
                new MessageFormat(v, Locale.ROOT).format(new Object[] {1, 2, 3});
            }
        }
    }

    @Test
    void chineseLocaleGetsChineseAndOthersGetEnglish() {
        assertThat(I18n.forLocale(Locale.SIMPLIFIED_CHINESE).tr("nav.images")).isEqualTo("镜像");
        assertThat(I18n.forLocale(Locale.TRADITIONAL_CHINESE).tr("nav.images")).isEqualTo("镜像");
        assertThat(I18n.forLocale(Locale.GERMANY).tr("nav.images")).isEqualTo("Images");
        assertThat(I18n.english().tr("list.count", 3)).isEqualTo("3 items");
        assertThat(I18n.english().tr("list.count", 1)).isEqualTo("1 item");
        assertThat(I18n.english().tr("no.such.key")).isEqualTo("!no.such.key!");
    }
}

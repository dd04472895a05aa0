package dev.berth.app;

import dev.berth.app.settings.ConsoleSettings;
import dev.berth.app.settings.Settings;
import dev.berth.cni.Cidr;
import dev.berth.cni.CniNames;
import dev.berth.model.BerthException;
import dev.berth.registry.RegistryOptions;
import dev.berth.ui.common.I18n;
import dev.berth.ui.settings.SettingsViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The settings window's store: checks the values as the layers that use them would (registry
 * entries, CNI names and subnets), keeps them in the console's settings (written in the
 * background), applies the theme now and reconnects when what a connection uses has changed.
 */
final class SettingsEditor implements SettingsViewModel.Store {

    private final ConsoleSettings settings;
    private final I18n i18n;
    private final Consumer<String> themeChosen;
    private final Runnable reconnect;

    SettingsEditor(ConsoleSettings settings, I18n i18n, Consumer<String> themeChosen, Runnable reconnect) {
        this.settings = settings;
        this.i18n = i18n;
        this.themeChosen = themeChosen;
        this.reconnect = reconnect;
    }

    @Override
    public SettingsViewModel.Values current() {
        Settings s = settings.get();
        return new SettingsViewModel.Values(s.theme(), s.language(), s.insecureRegistries(), s.parallelDownloads(),
                s.cniNetwork(), s.cniSubnet());
    }

    @Override
    public String where() {
        return settings.file() == null ? null : settings.file().toString();
    }

    @Override
    public String apply(SettingsViewModel.Values v) {
        if (v.parallelDownloads() < 1 || v.parallelDownloads() > Settings.MAX_PARALLEL_DOWNLOADS) {
            return i18n.tr("settingsDialog.error.parallel", Settings.MAX_PARALLEL_DOWNLOADS);
        }
        List<String> hosts = new ArrayList<>();
        try {
            for (String h : v.insecureRegistries()) {
                hosts.add(RegistryOptions.normalizeHostEntry(h));
            }
            CniNames.networkName(v.cniNetwork());
            Cidr.parse(v.cniSubnet());
        } catch (BerthException e) {
            return i18n.tr("settingsDialog.error.invalid", e.getMessage());
        }
        Settings before = settings.get();
        settings.update(s -> s.withTheme(v.theme()).withLanguage(v.language()).withInsecureRegistries(hosts)
                .withParallelDownloads(v.parallelDownloads()).withCni(v.cniNetwork(), v.cniSubnet()));
        Settings after = settings.get();
        if (!before.theme().equals(after.theme())) {
            themeChosen.accept(after.theme());
        }
        if (!before.insecureRegistries().equals(after.insecureRegistries())
                || before.parallelDownloads() != after.parallelDownloads()
                || !before.cniNetwork().equals(after.cniNetwork()) || !before.cniSubnet().equals(after.cniSubnet())) {
            reconnect.run();
        }
        return null;
    }
}

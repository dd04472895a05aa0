package dev.berth.ui.versions;

import dev.berth.model.VersionInfo;

/** One version with its display strings; {@code labelsText}: the user's labels (not containerd's or Berth's own). */
public record VersionRow(VersionInfo info, String createdText, String sizeText, String stateText, String noteText,
                         String labelsText) {

    public String name() {
        return info.name();
    }

    public boolean current() {
        return info.current();
    }

    public boolean inChain() {
        return info.inChain();
    }
}

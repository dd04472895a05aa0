package dev.berth.ui.images;

import dev.berth.model.ImageInfo;
import dev.berth.ui.common.Formats;
import java.time.Instant;
import java.util.Locale;

/**
 * One image in the table, with its display strings computed off the UI thread.
 *
 * @param update the last "check for update" result for this image
 */
public record ImageRow(ImageInfo info, String repository, String tag, String shortDigest, String sizeText,
                       String createdText, int containers, UpdateState update, String searchText) {

    /** What the last update check said. */
    public enum UpdateState { UNKNOWN, CHECKING, UP_TO_DATE, AVAILABLE, FAILED }

    public static ImageRow of(ImageInfo info, int containers, UpdateState update) {
        String[] rt = splitReference(info.name());
        String search = (info.name() + " " + info.digest() + " " + (info.platform() == null ? "" : info.platform()))
                .toLowerCase(Locale.ROOT);
        return new ImageRow(info, rt[0], rt[1], Formats.shortDigest(info.digest()), Formats.size(info.size()),
                Formats.compactDateTime(info.createdAt(), Instant.now()), containers, update == null ? UpdateState.UNKNOWN : update, search);
    }

    public String name() {
        return info.name();
    }

    public long size() {
        return info.size();
    }

    public Instant createdAt() {
        return info.createdAt();
    }

    public ImageRow withUpdate(UpdateState state) {
        return new ImageRow(info, repository, tag, shortDigest, sizeText, createdText, containers, state, searchText);
    }

    /** {@code host/repo:tag} → {repository, tag}; {@code repo@sha256:…} → {repository, @sha256:…}. */
    static String[] splitReference(String ref) {
        int at = ref.indexOf('@');
        if (at > 0) {
            return new String[] {ref.substring(0, at), Formats.shortDigest(ref.substring(at + 1))};
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
        }
        return new String[] {ref, ""};
    }
}

package dev.berth.spec;

import dev.berth.model.InputText;

/** Echoing user input in messages. */
final class Text {

    private Text() {
    }

    /** A value safe to echo in a message (see {@link InputText#printable}). */
    static String printable(String s) {
        return InputText.printable(s);
    }
}

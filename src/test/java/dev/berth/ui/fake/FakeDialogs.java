package dev.berth.ui.fake;

import dev.berth.ui.common.DialogService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A scripted DialogService: answers confirmations from a queue (default: yes) and records everything. */
public final class FakeDialogs implements DialogService {

    public final List<String> asked = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();
    public final List<String> notices = new ArrayList<>();
    private final Deque<Boolean> answers = new ArrayDeque<>();
    private boolean defaultAnswer = true;

    /** The next confirmations answer these, in order. */
    public FakeDialogs answer(Boolean... values) {
        answers.addAll(List.of(values));
        return this;
    }

    public FakeDialogs alwaysAnswer(boolean value) {
        defaultAnswer = value;
        return this;
    }

    private boolean next() {
        return answers.isEmpty() ? defaultAnswer : answers.poll();
    }

    @Override
    public boolean confirm(String title, String message, String confirmLabel) {
        asked.add("confirm: " + title);
        return next();
    }

    @Override
    public boolean confirmDanger(String title, String message, String confirmLabel) {
        asked.add("danger: " + title);
        return next();
    }

    @Override
    public void showError(String title, String message, Throwable error) {
        errors.add(title + ": " + message);
    }

    @Override
    public void notify(String message) {
        notices.add(message);
    }
}

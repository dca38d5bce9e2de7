package dev.edgetl.devices.deploy;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a deploy did and found, step by step; serialised as JSON by the command. */
public final class DeployReport {
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public DeployReport() {
        fields.put("kind", "deploy report (the estimate is an estimate; bench figures are measurements on the target)");
    }

    public void put(String key, Object value) {
        fields.put(key, value);
    }

    public void note(String note) {
        notes.add(note);
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public List<String> notes() {
        return notes;
    }

    @JsonAnyGetter
    public Map<String, Object> fields() {
        Map<String, Object> all = new LinkedHashMap<>(fields);
        all.put("notes", notes);
        return all;
    }
}

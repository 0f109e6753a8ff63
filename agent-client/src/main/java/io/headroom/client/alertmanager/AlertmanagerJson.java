package io.headroom.client.alertmanager;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alertmanager API v2's JSON, read and written; what does not fit the API is a {@link NotTheApi}. */
final class AlertmanagerJson {

    static final class NotTheApi extends Exception {
        private static final long serialVersionUID = 1L;

        NotTheApi(String message) {
            super(message);
        }
    }

    private AlertmanagerJson() {}

    static List<ActiveAlert> alerts(String body) throws NotTheApi {
        List<ActiveAlert> alerts = new ArrayList<>();
        for (JsonElement e : array(body, "alerts")) {
            JsonObject alert = object(e, "an alert");
            JsonObject status = object(alert.get("status"), "an alert's status");
            List<String> silencedBy = new ArrayList<>();
            if (status.get("silencedBy") instanceof JsonArray ids) {
                ids.forEach(id -> silencedBy.add(id.getAsString()));
            }
            alerts.add(new ActiveAlert(
                    strings(alert.get("labels"), "an alert's labels"),
                    alert.has("annotations") ? strings(alert.get("annotations"), "an alert's annotations") : Map.of(),
                    instant(alert, "startsAt"),
                    text(status, "state"),
                    silencedBy));
        }
        return alerts;
    }

    static List<Silence> silences(String body) throws NotTheApi {
        List<Silence> silences = new ArrayList<>();
        for (JsonElement e : array(body, "silences")) {
            JsonObject silence = object(e, "a silence");
            List<SilenceMatcher> matchers = new ArrayList<>();
            if (!(silence.get("matchers") instanceof JsonArray list)) {
                throw new NotTheApi("a silence has no matchers array");
            }
            for (JsonElement m : list) {
                JsonObject matcher = object(m, "a silence's matcher");
                matchers.add(new SilenceMatcher(
                        text(matcher, "name"),
                        text(matcher, "value"),
                        flag(matcher, "isRegex", false),
                        flag(matcher, "isEqual", true)));
            }
            silences.add(new Silence(
                    text(silence, "id"),
                    matchers,
                    instant(silence, "startsAt"),
                    instant(silence, "endsAt"),
                    silence.has("createdBy") ? text(silence, "createdBy") : "",
                    silence.has("comment") ? text(silence, "comment") : "",
                    text(object(silence.get("status"), "a silence's status"), "state")));
        }
        return silences;
    }

    static String silenceId(String body) throws NotTheApi {
        return text(object(parse(body), "the answer to a new silence"), "silenceID");
    }

    static String write(NewSilence silence) {
        JsonObject json = new JsonObject();
        JsonArray matchers = new JsonArray();
        for (SilenceMatcher m : silence.matchers()) {
            JsonObject matcher = new JsonObject();
            matcher.addProperty("name", m.name());
            matcher.addProperty("value", m.value());
            matcher.addProperty("isRegex", m.regex());
            matcher.addProperty("isEqual", m.equal());
            matchers.add(matcher);
        }
        json.add("matchers", matchers);
        json.addProperty("startsAt", silence.startsAt().toString());
        json.addProperty("endsAt", silence.endsAt().toString());
        json.addProperty("createdBy", silence.createdBy());
        json.addProperty("comment", silence.comment());
        return json.toString();
    }

    /** What Alertmanager said with an error status: its JSON string, or the start of the body. */
    static String reason(String body) {
        try {
            if (JsonParser.parseString(body) instanceof JsonPrimitive p && p.isString()) {
                return p.getAsString();
            }
        } catch (RuntimeException notJson) {
            // a proxy's page or plain text: quoted below
        }
        String text = body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static JsonElement parse(String body) throws NotTheApi {
        try {
            return JsonParser.parseString(body);
        } catch (RuntimeException e) {
            throw new NotTheApi("not JSON (" + e.getMessage() + ")");
        }
    }

    private static JsonArray array(String body, String what) throws NotTheApi {
        if (!(parse(body) instanceof JsonArray array)) {
            throw new NotTheApi("expected a JSON array of " + what);
        }
        return array;
    }

    private static JsonObject object(JsonElement e, String what) throws NotTheApi {
        if (!(e instanceof JsonObject o)) {
            throw new NotTheApi(what + " is not a JSON object");
        }
        return o;
    }

    private static String text(JsonObject o, String field) throws NotTheApi {
        if (!(o.get(field) instanceof JsonPrimitive p) || !p.isString()) {
            throw new NotTheApi("field " + field + " is missing or not a string");
        }
        return p.getAsString();
    }

    private static boolean flag(JsonObject o, String field, boolean absent) throws NotTheApi {
        if (!o.has(field)) {
            return absent;
        }
        if (!(o.get(field) instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw new NotTheApi("field " + field + " is not true or false");
        }
        return p.getAsBoolean();
    }

    private static Map<String, String> strings(JsonElement e, String what) throws NotTheApi {
        Map<String, String> map = new LinkedHashMap<>();
        for (var entry : object(e, what).entrySet()) {
            if (!(entry.getValue() instanceof JsonPrimitive p) || !p.isString()) {
                throw new NotTheApi(what + ": " + entry.getKey() + " is not a string");
            }
            map.put(entry.getKey(), p.getAsString());
        }
        return map;
    }

    private static Instant instant(JsonObject o, String field) throws NotTheApi {
        String text = text(o, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new NotTheApi("field " + field + " is not a time: " + text);
        }
    }
}

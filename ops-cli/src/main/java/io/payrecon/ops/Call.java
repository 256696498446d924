package io.payrecon.ops;

import java.util.Map;

/**
 * One request to the admin API.
 *
 * @param method {@code GET} or {@code POST}
 * @param path the path with its query, encoded
 * @param body the JSON body, or null for none
 */
record Call(String method, String path, Map<String, ?> body) {

    static Call get(String path) {
        return new Call("GET", path, null);
    }

    static Call post(String path, Map<String, ?> body) {
        return new Call("POST", path, body);
    }
}

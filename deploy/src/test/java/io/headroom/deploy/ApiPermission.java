package io.headroom.deploy;

import java.util.Arrays;
import java.util.List;

/**
 * One RBAC permission: a verb on a resource (or subresource, "pods/eviction") of an API group,
 * "" for the core group.
 */
record ApiPermission(String group, String resource, String verb) {

    /**
     * The permission the API server checks for one request, as its authorizer derives it from the
     * method and path (k8s.io/apiserver's RequestInfoFactory): GET of one object is get, of a
     * collection list (watch with ?watch=true); POST create; PUT update; PATCH patch; DELETE
     * delete, or deletecollection without a name.
     */
    static ApiPermission of(String method, String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        List<String> parts = Arrays.asList(path.substring(1).split("/"));
        String group;
        List<String> rest;
        if (parts.getFirst().equals("api")) {
            group = "";
            rest = parts.subList(2, parts.size());
        } else if (parts.getFirst().equals("apis")) {
            group = parts.get(1);
            rest = parts.subList(3, parts.size());
        } else {
            throw new IllegalArgumentException("not a resource path: " + pathAndQuery);
        }
        if (rest.size() >= 3 && rest.getFirst().equals("namespaces")) {
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.getFirst() + (rest.size() > 2 ? "/" + rest.get(2) : "");
        boolean named = rest.size() > 1;
        String verb = switch (method) {
            case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("unknown method " + method);
        };
        return new ApiPermission(group, resource, verb);
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
    }
}

package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode (objects created, read, patched and deleted as a
 * real API server keeps them), with expectations taking precedence, as
 * {@code @EnableKubernetesMockClient(crud = true)} sets it up, plus the three things a drain
 * needs that the CRUD mock does not do by itself, each done here as the real API server does:
 * <ul>
 *   <li>the pods/eviction subresource (an eviction deletes the pod); a PodDisruptionBudget that
 *       blocks is an expectation answering 429, since the mock does not evaluate budgets;</li>
 *   <li>the {@code spec.nodeName} field selector (the mock matches only metadata fields);</li>
 *   <li>the GPU Operator's MIG manager, when asked for: once the node's nvidia.com/mig.config
 *       changes it reports {@code pending}, and a few reads later {@code success} or {@code failed}.</li>
 * </ul>
 * Every request is recorded as "METHOD path" for the tests to count; those the backend made
 * (through {@link #backend}, as the agent names itself) also in {@link BackendApiCalls}.
 */
final class MockCluster implements AutoCloseable {

    private static final Pattern EVICTION = Pattern.compile("(/api/v1/namespaces/[^/]+/pods/[^/?]+)/eviction");
    private static final Pattern NODE_NAME_SELECTOR = Pattern.compile("fieldSelector=spec\\.nodeName(?:%3D|=)([^&]+)");

    final KubernetesMockServer server;
    /** The tests' own client: fixtures and what they read back. */
    final KubernetesClient client;
    /** The client the backend under test gets, tuned and named as the agent's own. */
    final KubernetesClient backend;

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private volatile String migVerdict; // "success" or "failed"; null: no MIG manager runs
    private volatile String migSeenConfig;
    private volatile int readsSinceChange = -1;

    MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        MockDispatcher expectations = new MockDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request.getMethod() + " " + request.getPath());
                if (KubernetesConnection.USER_AGENT.equals(request.getHeader("User-Agent"))) {
                    BackendApiCalls.saw(request.getMethod(), request.getPath());
                }
                Queue<ServerResponse> queued = responses.get(new SimpleRequest(request.method(), request.getPath()));
                if (queued != null && !queued.isEmpty()) {
                    return expectations.dispatch(request);
                }
                return cluster(request);
            }
        };
        server = new KubernetesMockServer(
                new Context(Serialization.jsonMapper()), new MockWebServer(), responses, dispatcher, false);
        server.init();
        client = server.createClient();
        backend = new KubernetesClientBuilder()
                .withConfig(KubernetesConnection.tuned(server.createClient().getConfiguration(), 5000))
                .build();
    }

    private MockResponse cluster(RecordedRequest request) {
        String path = request.getPath();
        Matcher eviction = EVICTION.matcher(path);
        if (request.method() == HttpMethod.POST && eviction.matches()) {
            MockResponse deleted = crud.handleDelete(eviction.group(1));
            if (deleted.code() == 404) {
                return deleted;
            }
            return new MockResponse()
                    .setResponseCode(201)
                    .setBody(Serialization.asJson(new StatusBuilder()
                            .withStatus("Success")
                            .withCode(201)
                            .build()));
        }
        Matcher onNode = NODE_NAME_SELECTOR.matcher(path);
        if (request.method() == HttpMethod.GET && path.startsWith("/api/v1/pods") && onNode.find()) {
            String node = URLDecoder.decode(onNode.group(1), StandardCharsets.UTF_8);
            var all = Serialization.unmarshal(
                    crud.handleGet("/api/v1/pods").getBody().readUtf8(), io.fabric8.kubernetes.api.model.PodList.class);
            all.setItems(all.getItems().stream()
                    .filter(p -> node.equals(p.getSpec().getNodeName()))
                    .toList());
            return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(all));
        }
        if (request.method() == HttpMethod.GET && path.startsWith("/api/v1/nodes/") && migVerdict != null) {
            playMigManager(path);
        }
        return crud.dispatch(request);
    }

    /** What nvidia-mig-manager does with the labels of its node, one step per read of the node. */
    // synchronized: requests may be dispatched on several threads, and ++readsSinceChange must not race.
    private synchronized void playMigManager(String path) {
        var node = Serialization.unmarshal(
                crud.handleGet(path).getBody().readUtf8(), io.fabric8.kubernetes.api.model.Node.class);
        if (node == null || node.getMetadata() == null) {
            return;
        }
        String config = node.getMetadata().getLabels().get(ClusterNode.MIG_CONFIG);
        if (config != null && !config.equals(migSeenConfig)) {
            migSeenConfig = config;
            readsSinceChange = 0;
            setLabel(path, ClusterNode.MIG_CONFIG_STATE, "pending");
        } else if (readsSinceChange >= 0 && ++readsSinceChange == 3) {
            setLabel(path, ClusterNode.MIG_CONFIG_STATE, migVerdict);
        }
    }

    private void setLabel(String path, String key, String value) {
        String body = "{\"metadata\":{\"labels\":{\"" + key + "\":\"" + value + "\"}}}";
        crud.handlePatch(new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.PATCH,
                path,
                Headers.builder()
                        .add("Content-Type", "application/merge-patch+json")
                        .build(),
                new Buffer(body.getBytes(StandardCharsets.UTF_8))));
    }

    /** From now on a MIG manager answers label changes with this verdict. */
    void runMigManager(String verdict, String currentConfig) {
        migSeenConfig = currentConfig;
        migVerdict = verdict;
    }

    void node(String name, int gpus, Map<String, String> labels) {
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .endSpec()
                        .withNewStatus()
                        .addToAllocatable("nvidia.com/gpu", new Quantity(String.valueOf(gpus)))
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .endCondition()
                        .endStatus()
                        .build())
                .create();
    }

    /**
     * @param owner the controller's kind (ReplicaSet, DaemonSet, ...), or null for a bare pod
     */
    void pod(String namespace, String name, String node, int gpus, String owner, Map<String, String> labels) {
        var builder = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(labels);
        if (owner != null) {
            builder = builder.addNewOwnerReference()
                    .withKind(owner)
                    .withName(name + "-owner")
                    .withController(true)
                    .withApiVersion("apps/v1")
                    .withUid(name + "-uid")
                    .endOwnerReference();
        }
        var pod = builder.endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("main")
                .withNewResources()
                .addToLimits("nvidia.com/gpu", new Quantity(String.valueOf(gpus)))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    /**
     * The controller that made a pod created by {@link #pod} with owner {@code kind} (its name is
     * the pod's plus "-owner"), itself controlled by {@code aboveKind aboveName}: a ReplicaSet of a
     * Deployment, a Job of a CronJob, a StatefulSet of a Notebook.
     */
    void ownerOf(String namespace, String pod, String kind, String aboveKind, String aboveName) {
        var meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(pod + "-owner")
                .addNewOwnerReference()
                .withKind(aboveKind)
                .withName(aboveName)
                .withController(true)
                .withApiVersion("v1")
                .withUid(aboveName + "-uid")
                .endOwnerReference()
                .build();
        switch (kind) {
            case "ReplicaSet" ->
                client.apps()
                        .replicaSets()
                        .resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                                .withMetadata(meta)
                                .build())
                        .create();
            case "Job" ->
                client.batch()
                        .v1()
                        .jobs()
                        .resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                                .withMetadata(meta)
                                .build())
                        .create();
            case "StatefulSet" ->
                client.apps()
                        .statefulSets()
                        .resource(new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                                .withMetadata(meta)
                                .build())
                        .create();
            default -> throw new IllegalArgumentException(kind);
        }
    }

    /** The kubelet started the pod at {@code rfc3339}. */
    void started(String namespace, String pod, String rfc3339) {
        client.pods().inNamespace(namespace).withName(pod).edit(p -> {
            p.getStatus().setStartTime(rfc3339);
            return p;
        });
    }

    /** A static pod's mirror, as the kubelet creates it. */
    void mirrorPod(String namespace, String name, String node) {
        client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withNamespace(namespace)
                        .withName(name)
                        .addToAnnotations("kubernetes.io/config.mirror", "abc")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .addNewContainer()
                        .withName("main")
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Running")
                        .endStatus()
                        .build())
                .create();
    }

    void budget(String namespace, String name, Map<String, String> selector, int disruptionsAllowed) {
        client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .resource(new PodDisruptionBudgetBuilder()
                        .withNewMetadata()
                        .withNamespace(namespace)
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .withMatchLabels(selector)
                        .endSelector()
                        .endSpec()
                        .withNewStatus()
                        .withDisruptionsAllowed(disruptionsAllowed)
                        .endStatus()
                        .build())
                .create();
    }

    /** The API server answers this pod's evictions with 429, as it does while a budget allows no disruption. */
    void budgetBlocks(String namespace, String pod, int times) {
        var status = new StatusBuilder()
                .withStatus("Failure")
                .withCode(429)
                .withReason("TooManyRequests")
                .withMessage("Cannot evict pod as it would violate the pod's disruption budget.")
                .build();
        var expectation = server.expect()
                .post()
                .withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction")
                .andReturn(429, status);
        if (times < 0) {
            expectation.always();
        } else {
            expectation.times(times);
        }
    }

    long count(String request) {
        return requests.stream().filter(request::equals).count();
    }

    @Override
    public void close() {
        backend.close();
        client.close();
        server.destroy();
    }
}

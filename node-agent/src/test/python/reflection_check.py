"""Talks to a Headroom agent with Python's gRPC (the C-core implementation), not grpc-java:
lists services through server reflection (v1 and v1alpha) and checks health. Raw protobuf bytes, so it needs
nothing but python3-grpcio. Prints one line per finding; exits non-zero on any failure."""
import re
import sys

import grpc

target = sys.argv[1]
channel = grpc.insecure_channel(target)
grpc.channel_ready_future(channel).result(timeout=15)
identity = lambda b: b

# ServerReflectionRequest { list_services = "" }: field 7, length-delimited, empty. The same
# bytes for both versions: v1 is what current tools ask, v1alpha what older grpcurl and grpcui
# ask (and nothing else), so both must answer.
failed = False
for version in ("v1", "v1alpha"):
    reflection = channel.stream_stream("/grpc.reflection." + version + ".ServerReflection/ServerReflectionInfo",
                                       request_serializer=identity, response_deserializer=identity)
    try:
        response = next(reflection(iter([b"\x3a\x00"]), timeout=10))
    except grpc.RpcError as e:
        print("reflection " + version + " " + e.code().name)
        failed = True
        continue
    services = sorted(set(m.decode() for m in re.findall(rb"[a-z]+(?:\.[A-Za-z0-9]+)+", response)))
    print("reflection " + version + " services " + " ".join(services))

# HealthCheckRequest { service = "headroom.agent.v1.Agent" } -> HealthCheckResponse { status = SERVING (1) }
health = channel.unary_unary("/grpc.health.v1.Health/Check", request_serializer=identity, response_deserializer=identity)
name = b"headroom.agent.v1.Agent"
status = health(b"\x0a" + bytes([len(name)]) + name, timeout=10)
print("health " + ("SERVING" if status == b"\x08\x01" else "NOT_SERVING " + status.hex()))
failed = failed or status != b"\x08\x01"
sys.exit(1 if failed else 0)

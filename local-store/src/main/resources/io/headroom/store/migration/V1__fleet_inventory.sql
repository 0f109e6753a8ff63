-- The last known fleet: inventory rows keyed by small dense numbers (rack_no, node_no,
-- accel_no) that the latest-samples file and the history blocks use instead of strings.
-- Numbers are never reused: a node or accelerator that leaves the inventory keeps its row
-- with present = FALSE, so history written under its number still means the same thing.

-- Names this store; the latest-samples file carries it, so a file written against one
-- store's numbering is never applied to a fresh store that numbers differently.
CREATE TABLE store_identity (
    only_row   TINYINT PRIMARY KEY CHECK (only_row = 1),
    store_id   UUID NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO store_identity VALUES (1, RANDOM_UUID(), CURRENT_TIMESTAMP);

-- The whole inventory as one compressed snapshot (see InventorySnapshot), written with the
-- rows below whenever it changes: a cold start reads this one value instead of 100,000 rows.
CREATE TABLE fleet_inventory (
    only_row  TINYINT PRIMARY KEY CHECK (only_row = 1),
    server_id VARCHAR(255) NOT NULL,
    version   BIGINT NOT NULL,
    saved_at  BIGINT NOT NULL,
    snapshot  BLOB NOT NULL
);

CREATE TABLE site (
    id       VARCHAR(255) PRIMARY KEY,
    name     VARCHAR(255) NOT NULL,
    position INT NOT NULL
);

CREATE TABLE hall (
    id       VARCHAR(255) PRIMARY KEY,
    site_id  VARCHAR(255) NOT NULL,
    name     VARCHAR(255) NOT NULL,
    position INT NOT NULL
);

CREATE TABLE rack (
    rack_no         INT PRIMARY KEY,
    id              VARCHAR(255) NOT NULL UNIQUE,
    hall_id         VARCHAR(255) NOT NULL,
    row_label       VARCHAR(64) NOT NULL,
    position_in_row INT NOT NULL,
    height_u        INT NOT NULL,
    power_budget_kw DOUBLE PRECISION NOT NULL,
    position        INT NOT NULL,
    present         BOOLEAN NOT NULL
);

CREATE TABLE node (
    node_no            INT PRIMARY KEY,
    hostname           VARCHAR(255) NOT NULL UNIQUE,
    serial             VARCHAR(255) NOT NULL,
    rack_id            VARCHAR(255) NOT NULL,
    u_position         INT NOT NULL,
    u_height           INT NOT NULL,
    pool               VARCHAR(255) NOT NULL,
    tenant             VARCHAR(255) NOT NULL,
    scheduler_state    VARCHAR(16) NOT NULL,
    generation         BIGINT NOT NULL,
    sample_interval_ms INT NOT NULL,
    position           INT NOT NULL,
    present            BOOLEAN NOT NULL
);

-- Whole GPUs (parent_no NULL) and MIG slices (parent_no = their GPU) in one table: both
-- are slots of the fleet and both have history.
CREATE TABLE accelerator (
    accel_no            INT PRIMARY KEY,
    uuid                VARCHAR(255) NOT NULL UNIQUE,
    node_no             INT NOT NULL,
    parent_no           INT,
    position            INT NOT NULL,
    vendor              VARCHAR(16),
    model               VARCHAR(255),
    memory_total_mib    BIGINT NOT NULL,
    device_index        INT,
    mig_enabled         BOOLEAN,
    gpu_instance_id     INT,
    compute_instance_id INT,
    profile_id          INT,
    profile_name        VARCHAR(64),
    placement_start     INT,
    placement_size      INT,
    present             BOOLEAN NOT NULL
);
CREATE INDEX accelerator_by_node ON accelerator (node_no);

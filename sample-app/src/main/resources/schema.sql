CREATE TABLE IF NOT EXISTS customers (
    id             VARCHAR(64)    PRIMARY KEY,
    balance        DECIMAL(19, 2) NOT NULL,
    applied_orders INT            NOT NULL
);

CREATE TABLE IF NOT EXISTS orders (
    id             VARCHAR(36)    PRIMARY KEY,
    customer_id    VARCHAR(64)    NOT NULL,
    amount         DECIMAL(19, 2) NOT NULL,
    status         VARCHAR(16)    NOT NULL,
    discard_reason VARCHAR(32),
    customer_seq   INT
);

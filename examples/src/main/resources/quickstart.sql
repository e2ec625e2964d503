CREATE TEMPORARY TABLE orders (
  order_id BIGINT,
  amount   BIGINT
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '1000',
  'fields.order_id.kind' = 'sequence',
  'fields.order_id.start' = '1',
  'fields.order_id.end' = '1000',
  'fields.amount.kind' = 'sequence',
  'fields.amount.start' = '1',
  'fields.amount.end' = '1000'
);

SELECT CONCAT('cat-', CAST(order_id % 4 AS STRING)) AS category,
       COUNT(*)    AS orders,
       SUM(amount) AS revenue
FROM orders
GROUP BY order_id % 4
ORDER BY category;

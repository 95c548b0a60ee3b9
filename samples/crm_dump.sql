-- synthetic dump
CREATE TABLE customers (id INTEGER, customer_no TEXT, full_name TEXT, email TEXT, phone TEXT, vin TEXT);
INSERT INTO customers (id, customer_no, full_name, email, phone, vin) VALUES (1, 'C-7475959', 'Delsi Sivite', 'delsi.12@wattlemail.com.au', '0432 938 153', 'JHM2R7M16D7TWWNWF');
INSERT INTO customers (id, customer_no, full_name, email, phone, vin) VALUES (2, 'C-2390578', 'Mimar Mosaka', 'mimar.40@tsubame-post.jp', '0497 827 896', '1HGCC8LV73RMS491X');
INSERT INTO customers (id, customer_no, full_name, email, phone, vin) VALUES (3, 'C-0690568', 'Radel Dorasa', 'radel.84@kookaburra-isp.net.au', '0469 724 348', 'JTDPSYWM502R0HAA2');
INSERT INTO customers (id, customer_no, full_name, email, phone, vin) VALUES (4, 'C-3549264', 'Riri Belrato', 'riri.55@tsubame-post.jp', '0484 286 163', 'JTDVSSS868JEJ5KJG');

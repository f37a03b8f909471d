// What a query function accepts: the pool, or a transaction it is called inside, so one function
// serves both a single read and a step of a larger transaction.
import type { Sql, TransactionSql } from "postgres";

export type Queryable = Sql | TransactionSql;

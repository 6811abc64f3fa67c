-- An SMS or X attempt the engine dropped because the incident was resolved before it could go out
-- (a retry, or a send interrupted by a crash, of an earlier notice): not sent, not a failure.
ALTER TYPE "AttemptOutcome" ADD VALUE 'cancelled';

// Generated from openapi.json by `npm run generate -w @rename-feedback/client`: do not edit.
// A unit test regenerates it and fails when it differs (the contract changed).

export interface paths {
    "/v1/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit one feedback
         * @description Stores one decision and answers 202; `learn` learns it asynchronously. Sending the same decision again answers 202 with the first id and `status: "duplicate"`, and stores nothing. Needs a `user` key; spends its `user` quota.
         */
        post: operations["submitFeedback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feedback/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit up to 500 feedback items
         * @description Validates each item on its own, stores the valid ones and answers 202 with a result per item: `accepted`, `duplicate`, `rejected` or `conflict`. Needs a `user` key; spends its `user` quota.
         */
        post: operations["submitFeedbackBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What learn has learned
         * @description Counts, rates and processing-time percentiles of the feedback `learn` has learned for the caller's tenant, optionally of one model version and a time range. Unknown query parameters are refused. Needs a `user` key; spends its `metrics` quota.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feedback/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one stored feedback
         * @description Needs a `user` key; spends its `metrics` quota.
         */
        get: operations["getFeedback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{modelVersion}/calibration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How well confidence predicts approval, and the calibrated curve
         * @description From every learned feedback of the model version: the expected calibration error and Brier score of the raw confidence and of the calibrated one (isotonic regression), the reliability diagram, and the lowest confidence whose calibrated approval rate reaches `target`. Needs a `user` key; spends its `metrics` quota.
         */
        get: operations["getCalibration"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{modelVersion}/calibrate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Calibrate confidences
         * @description Maps each confidence to the approval probability learned for the model version; the map is non-decreasing. Spends the `user` quota (it is a POST), once per request. Needs a `user` key; spends its `user` quota.
         */
        post: operations["calibrateConfidences"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description Public: needs no key.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description Public: needs no key.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Queue depths and the learning backlog
         * @description The queues are shared by every tenant, so this answers an operator key only (a key with no tenant); a tenant's admin finds its own backlog in getLearningStatus. Needs a `operator` key; spends its `admin` quota.
         */
        get: operations["getQueues"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/dlq/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move dead letters back to the feedback queue
         * @description Fix the cause first; call again while `remaining` is above 0. Dead letters may be any tenant's, so this takes an operator key only. Needs a `operator` key; spends its `admin` quota.
         */
        post: operations["redriveDeadLetters"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/training-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export labelled examples to train on, a page at a time
         * @description The caller's tenant's decisions as NDJSON, one example per line, oldest first. Follow `X-Next-Cursor` (with the same filters) until it is absent. Every stored decision is exported, learned or not. Needs a `admin` key; spends its `admin` quota.
         */
        get: operations["exportTrainingData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retraining state of each model version
         * @description For each model version of the caller's tenant: feedback learned since its last training job, the approval-rate drift test, its latest jobs and the version it was trained from; and the tenant's learning backlog (stored feedback not learned yet). Needs a `admin` key; spends its `admin` quota.
         */
        get: operations["getLearningStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/retrain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Force a training job
         * @description Creates a `manual` job for the model version and publishes it to the retrain queue; the feedback count towards the next job starts again from 0. Needs a `admin` key; spends its `admin` quota.
         */
        post: operations["forceRetraining"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/jobs/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a finished training job
         * @description The trainer reports the model version a job produced and its evaluation: the job is `completed` and the new version's parent is the job's version. Sending the same completion again answers as the first time. Needs a `admin` key; spends its `admin` quota.
         */
        post: operations["completeTrainingJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person's learned naming preferences
         * @description The naming conventions learned from the names the person chose instead of a proposal (and the proposals they approved): separator, letter case, date format and position, extension case, words they remove or add, each with its evidence. A person with no learned feedback has no rules. Needs a `user` key; spends its `metrics` quota.
         */
        get: operations["getNamingPreferences"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/preferences/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rewrite a proposed name with a person's preferences
         * @description Applies the rules that apply (see getNamingPreferences); for a dimension the person has shown fewer than PREFERENCE_MIN_EVIDENCE times, the tenant's shared rule is used when PREFERENCE_TENANT_MIN_PEOPLE people showed it. With no rule the name comes back unchanged. Spends the `user` quota (it is a POST). Needs a `user` key; spends its `user` quota.
         */
        post: operations["applyNamingPreferences"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's experiments
         * @description A page at a time, newest first: follow `X-Next-Cursor` (with the same filters) until it is absent. Needs a `admin` key; spends its `admin` quota.
         */
        get: operations["listExperiments"];
        put?: never;
        /**
         * Create an experiment between model versions
         * @description It starts as a `draft`; the first variant is the control. Needs a `admin` key; spends its `admin` quota.
         */
        post: operations["createExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/sample-size": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * People needed per variant
         * @description To detect an absolute change of `mde` in approval rate from `baseline` with a two-sided test at `alpha`, with probability `power`. Needs a `admin` key; spends its `admin` quota.
         */
        get: operations["getSampleSize"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One experiment
         * @description Needs a `admin` key; spends its `admin` quota.
         */
        get: operations["getExperiment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an experiment
         * @description Anything while `draft`; while running or paused only the description, coverage and weights (people already assigned keep their variant). Honours `If-Match: <version>`. Needs a `admin` key; spends its `admin` quota.
         */
        patch: operations["updateExperiment"];
        trace?: never;
    };
    "/v1/experiments/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an experiment: people are assigned from now on
         * @description Allowed from `draft`. Honours `If-Match: <version>`. Needs a `admin` key; spends its `admin` quota.
         */
        post: operations["startExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause an experiment: nobody is assigned while paused
         * @description Allowed from `running`. Honours `If-Match: <version>`. Needs a `admin` key; spends its `admin` quota.
         */
        post: operations["pauseExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused experiment
         * @description Allowed from `paused`. Honours `If-Match: <version>`. Needs a `admin` key; spends its `admin` quota.
         */
        post: operations["resumeExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/{id}/conclude": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Conclude an experiment, freezing its results
         * @description Stores the results as they are now and the winner (the one named, else the variant the results say to ship, else none). With `promote`, the winner's model version becomes the tenant's default (GET /v1/models/default). Allowed from `running` or `paused`. Honours `If-Match: <version>`. Needs a `admin` key; spends its `admin` quota.
         */
        post: operations["concludeExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an experiment, without a winner
         * @description Allowed from `draft`, `running` or `paused`. Honours `If-Match: <version>`. Needs a `admin` key; spends its `admin` quota.
         */
        post: operations["cancelExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/{id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Results, statistics and the decision
         * @description Per variant: people exposed, feedback learned, approvals, guardrail values. Then the sample ratio mismatch check, each variant against control on approval rate, the guardrails (one-sided), Holm-adjusted p-values, power and the decision in words. A concluded experiment answers the results frozen when it concluded. Needs a `admin` key; spends its `admin` quota.
         */
        get: operations["getExperimentResults"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/{id}/assignment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person's variant in one experiment
         * @description GrowthBook's v2 hash of (seed, userId) and bucket ranges from coverage and weights; the first assignment is kept (a person keeps their variant when weights change) and counts as an exposure. Needs a `user` key; spends its `metrics` quota.
         */
        get: operations["getAssignment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person's variant in every running experiment
         * @description What the renaming service asks before each proposal. A person in a variant of one experiment of a layer is outside the other experiments of that layer. Needs a `user` key; spends its `metrics` quota.
         */
        get: operations["getAssignments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/default": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's default model version
         * @description Set when a concluded experiment promotes its winner. Needs a `user` key; spends its `metrics` quota.
         */
        get: operations["getDefaultModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's tenant's keys, without secrets
         * @description Needs a `admin` key; spends its `admin` quota.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Mint a key of the caller's tenant
         * @description A `user` or `admin` key of the caller's tenant. Only its SHA-256 is stored: the key is in this answer and nowhere else. A retried request mints a second key (no idempotency: the record would have to keep the secret); revoke the one you did not keep. Needs a `admin` key; spends its `admin` quota.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a key of the caller's tenant
         * @description Keys are looked up through a per-instance cache of 4 s, so a revoked key stops working within 5 s everywhere. Needs a `admin` key; spends its `admin` quota.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/tenants/{tenantId}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mint a key of any tenant (a tenant's first admin key)
         * @description For operators onboarding a tenant: a `user` or `admin` key of `tenantId`, which need not have any key or data yet. A retried request mints a second key (no idempotency: the record would have to keep the secret); revoke the one you did not keep. Needs a `operator` key; spends its `admin` quota.
         */
        post: operations["createTenantApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description One decision a person made about one proposed name; unknown fields are refused */
        FeedbackInput: {
            /** @description The proposal decided on: one decision per proposal (per tenant) */
            proposalId: string;
            /** @description A file name: 1 to 255 bytes of UTF-8 once NFC-normalized (and stored normalized), well-formed Unicode, no control characters, no "/" or "\", not "." or ".." */
            originalFilename: string;
            /** @description A file name: 1 to 255 bytes of UTF-8 once NFC-normalized (and stored normalized), well-formed Unicode, no control characters, no "/" or "\", not "." or ".." */
            proposedFilename: string;
            /** @description The name the person chose instead: required when action is "modified", refused otherwise. A file name: 1 to 255 bytes of UTF-8 once NFC-normalized (and stored normalized), well-formed Unicode, no control characters, no "/" or "\", not "." or ".." */
            userFilename?: string;
            /** @enum {string} */
            action: "approved" | "rejected" | "modified";
            /** @description How sure the model was of its proposal */
            confidence: number;
            modelVersion: string;
            /** @description The person who decided: 1 to 128 characters, well-formed Unicode, no control characters */
            userId: string;
            /** @description Given together with variant, or not at all */
            experimentId?: string;
            /** @description Given together with experimentId, or not at all */
            variant?: string;
            processingTimeMs?: number;
            /** @description Free-form: at most 50 keys, nested at most 8 levels, strings well-formed Unicode without NUL */
            context?: {
                [key: string]: unknown;
            };
        };
        /** @description 1 to 500 feedback items, each validated on its own: an invalid item is rejected alone, the valid ones are stored */
        FeedbackBatch: {
            items: components["schemas"]["FeedbackInput"][];
        };
        /** @description Forces a training job for one model version of the caller's tenant */
        RetrainRequest: {
            /** @description The model version to retrain */
            modelVersion: string;
        };
        /** @description What the trainer reports when a job has produced a new model version */
        CompleteJobRequest: {
            /** @description The model version the job trained */
            newModelVersion: string;
            /** @description The new version's evaluation: at most 50 metrics, each a number, boolean, null or string of at most 1,000 characters */
            evaluation: {
                [key: string]: number | boolean | null | string;
            };
        };
        /** @description Confidences to calibrate */
        CalibrateRequest: {
            /** @description 1 to 10,000 confidences, each from 0 to 1 */
            confidences: number[];
        };
        /** @description A proposed name to rewrite with the person’s preferences */
        ApplyPreferencesRequest: {
            /** @description A proposed name. A file name: 1 to 255 bytes of UTF-8 once NFC-normalized (and stored normalized), well-formed Unicode, no control characters, no "/" or "\", not "." or ".." */
            filename: string;
        };
        /** @description A new experiment between model versions; it starts as a draft */
        CreateExperimentRequest: {
            name: string;
            description?: string;
            /** @description 2 to 5 variants with unique keys; the first is the control; weights sum to 1 */
            variants: {
                /** @description How feedback names the variant */
                key: string;
                /** @description The model version this variant serves */
                modelVersion: string;
                /** @description Share of the people in the experiment */
                weight: number;
            }[];
            /** @description Share of people who enter the experiment at all; 1 when absent */
            coverage?: number;
            /** @description Hash seed; the experiment id when absent */
            seed?: string;
            /** @description Running experiments of one layer never share a person */
            layer?: string;
            /** @constant */
            primaryMetric?: "approvalRate";
            /** @description Metrics that must not get worse; both when absent */
            guardrails?: ("modificationRate" | "editDistance")[];
            /** @description False-positive rate; 0.05 when absent */
            alpha?: number;
            /** @description Chance to detect the effect; 0.8 when absent */
            power?: number;
            /** @description Smallest change in approval rate worth detecting, absolute (0.02 = 2 points) */
            minimumDetectableEffect: number;
            /** @description Decide on always-valid p-values, safe to peek at; true when absent */
            sequential?: boolean;
            /** @description 30 when absent */
            maxDurationDays?: number;
        };
        /** @description Fields to change. Any field while draft; while running or paused only `description`, `coverage` and the variants’ weights (same keys and model versions, same order). */
        UpdateExperimentRequest: {
            name?: string;
            description?: string;
            /** @description 2 to 5 variants with unique keys; the first is the control; weights sum to 1 */
            variants?: {
                /** @description How feedback names the variant */
                key: string;
                /** @description The model version this variant serves */
                modelVersion: string;
                /** @description Share of the people in the experiment */
                weight: number;
            }[];
            /** @description Share of people who enter the experiment at all; 1 when absent */
            coverage?: number;
            /** @description Hash seed; the experiment id when absent */
            seed?: string;
            /** @description Running experiments of one layer never share a person */
            layer?: string;
            /** @constant */
            primaryMetric?: "approvalRate";
            /** @description Metrics that must not get worse; both when absent */
            guardrails?: ("modificationRate" | "editDistance")[];
            /** @description False-positive rate; 0.05 when absent */
            alpha?: number;
            /** @description Chance to detect the effect; 0.8 when absent */
            power?: number;
            /** @description Smallest change in approval rate worth detecting, absolute (0.02 = 2 points) */
            minimumDetectableEffect?: number;
            /** @description Decide on always-valid p-values, safe to peek at; true when absent */
            sequential?: boolean;
            /** @description 30 when absent */
            maxDurationDays?: number;
        };
        /** @description How to conclude; `{}` takes the decision of the results */
        ConcludeExperimentRequest: {
            /** @description The variant to ship; when absent, the results' decision names it (or none) */
            winner?: string;
            /** @description Make the winner's model version the tenant's default; false when absent */
            promote?: boolean;
        };
        /** @description A new key of a tenant: its secret is in the answer only */
        CreateApiKeyRequest: {
            /**
             * @description `user` submits and reads; `admin` also manages keys, learning and experiments
             * @enum {string}
             */
            scope: "user" | "admin";
            /** @description What the key is for, as lists show it: 1 to 100 printable characters */
            label?: string;
        };
        /** @description The feedback is stored; `learn` learns it asynchronously */
        SubmitResult: {
            /**
             * Format: uuid
             * @description The id of the stored feedback (of the first, for a duplicate)
             */
            id: string;
            /**
             * @description `duplicate`: the same decision was stored before, nothing was stored now
             * @enum {string}
             */
            status: "accepted" | "duplicate";
        };
        /** @description The valid items are stored; each item has its result */
        BatchResult: {
            accepted: number;
            duplicates: number;
            /** @description Items rejected or in conflict: nothing was stored for them */
            rejected: number;
            /** @description One per item, in the order of `items` */
            results: components["schemas"]["ItemResult"][];
        };
        /** @description What became of one item of a batch */
        ItemResult: {
            /** @description Position of the item in `items` */
            index: number;
            /** @enum {string} */
            status: "accepted" | "duplicate";
            /** Format: uuid */
            id: string;
        } | {
            /** @description Position of the item in `items` */
            index: number;
            /** @constant */
            status: "rejected";
            /** @description The rules the item broke: at most 20, and at most 100 over the whole answer, earliest items first */
            errors: components["schemas"]["FieldError"][];
            /** @description How many more broken rules the item had than `errors` lists */
            omittedErrors: number;
        } | {
            /** @description Position of the item in `items` */
            index: number;
            /** @constant */
            status: "conflict";
            /** Format: uuid */
            id: string;
            /** @description The rules the item broke: at most 20, and at most 100 over the whole answer, earliest items first */
            errors: components["schemas"]["FieldError"][];
            /** @description How many more broken rules the item had than `errors` lists */
            omittedErrors: number;
        };
        /** @description One stored feedback of the caller's tenant */
        FeedbackView: {
            /** Format: uuid */
            id: string;
            proposalId: string;
            /** @description NFC-normalized, as every stored file name */
            originalFilename: string;
            proposedFilename: string;
            userFilename: string | null;
            /** @enum {string} */
            action: "approved" | "rejected" | "modified";
            confidence: number;
            modelVersion: string;
            userId: string;
            experimentId: string | null;
            variant: string | null;
            processingTimeMs: number | null;
            context: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            receivedAt: string;
            /** @description When `learn` counted it; null until then */
            learnedAt: string | null;
        };
        /** @description Counted in whole UTC hours: an hour counts when it starts before `to` and ends after `from` */
        MetricsReport: {
            /** @description The model version asked for; null for all */
            modelVersion: string | null;
            /** @description The `from` asked for; null for no lower bound */
            from: string | null;
            /** @description The `to` asked for; null for no upper bound */
            to: string | null;
            total: number;
            approved: number;
            rejected: number;
            modified: number;
            /** @description approved / total; null when total is 0 */
            approvalRate: number | null;
            /** @description rejected / total; null when total is 0 */
            rejectionRate: number | null;
            /** @description modified / total; null when total is 0 */
            modificationRate: number | null;
            /** @description Mean confidence of the proposals; null when total is 0 */
            meanConfidence: number | null;
            /** @description Percentiles of processingTimeMs, each within about 2.5% of the exact nearest-rank value; null when no feedback had one */
            processingTimeMs: {
                p50: number | null;
                p95: number | null;
                p99: number | null;
            };
            /** @description Approval rate per UTC day and model version, oldest first; days without feedback are absent */
            approvalRateByDay: {
                /**
                 * Format: date
                 * @description A UTC day, YYYY-MM-DD
                 */
                day: string;
                modelVersion: string;
                total: number;
                approved: number;
                /** @description approved / total; null when total is 0 */
                approvalRate: number | null;
            }[];
            /** @description How many proposals had a confidence in [lo, hi) (the last bin includes 1); every bin is listed, empty ones with count 0 */
            confidenceHistogram: {
                lo: number;
                hi: number;
                count: number;
            }[];
            /** @description For modified feedback: how far the proposed name was from the name the person chose, as the edit distance (Levenshtein, over characters) divided by the longer name's length: 0 equal, 1 nothing alike. Percentiles are within 0.005; null when no feedback was modified */
            editDistance: {
                /** @description Modified feedback measured */
                count: number;
                mean: number | null;
                p50: number | null;
                p90: number | null;
            };
        };
        /** @description How well the confidence of a model version predicts approval, before and after */
        CalibrationReport: {
            modelVersion: string;
            /** @description Feedback learned for this model version */
            samples: number;
            /** @description The approval rate `autoApplyThreshold` is for */
            target: number;
            /** @description The lowest confidence whose calibrated approval rate reaches `target` (rounded up to 4 decimals); null when no confidence does */
            autoApplyThreshold: number | null;
            /** @description Expected calibration error over 10 equal bins of the confidence */
            ece: {
                /** @description Expected calibration error over 10 equal bins of the confidence of the model's own confidence */
                raw: number;
                /** @description Expected calibration error over 10 equal bins of the confidence of the calibrated confidence, on the same feedback */
                calibrated: number;
            };
            /** @description Brier score: mean of (confidence − approved)² */
            brier: {
                /** @description Brier score: mean of (confidence − approved)² of the model's own confidence */
                raw: number;
                /** @description Brier score: mean of (confidence − approved)² of the calibrated confidence, on the same feedback */
                calibrated: number;
            };
            /** @description The reliability diagram: 10 equal bins of the confidence, `[lo, hi)` */
            bins: {
                lo: number;
                hi: number;
                count: number;
                /** @description null when the bin is empty */
                meanConfidence: number | null;
                /** @description Share approved; null when the bin is empty */
                approvalRate: number | null;
                /** @description Mean calibrated confidence of the same feedback; null when empty */
                meanCalibrated: number | null;
            }[];
        };
        /** @description Calibrated approval probabilities */
        CalibrateResult: {
            /** @description One per confidence sent, in order; non-decreasing in the confidence */
            calibrated: number[];
        };
        /** @description PostgreSQL and the feedback queue answer */
        Health: {
            /** @constant */
            status: "ok";
        };
        /** @description How far behind `learn` is, and how many messages are dead letters */
        QueuesReport: {
            feedbackQueue: {
                /** @description Waiting to be received */
                visible: number;
                /** @description Received, not yet deleted */
                inFlight: number;
                delayed: number;
                /** @description Stored feedback `learn` has not learned yet */
                unlearnedFeedback: number;
                /** @description Age of the oldest unlearned feedback; null when there is none */
                oldestMessageAgeSeconds: number | null;
            };
            deadLetterQueue: components["schemas"]["QueueDepth"];
        };
        /** @description Approximate message counts of a queue, as SQS reports them */
        QueueDepth: {
            /** @description Waiting to be received */
            visible: number;
            /** @description Received, not yet deleted */
            inFlight: number;
            delayed: number;
        };
        /** @description Dead letters moved back to the feedback queue, at most 500 per call */
        RedriveResult: {
            /** @description Dead letters moved back to the feedback queue by this call */
            moved: number;
            /** @description Dead letters left: call again while it is above 0 */
            remaining: number;
        };
        /** @description An OpenAPI 3.1 document: https://spec.openapis.org/oas/v3.1.1 */
        OpenApiDocument: {
            openapi: string;
            info: {
                title: string;
                version: string;
            } & {
                [key: string]: unknown;
            };
            paths: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        /** @description Retraining state of each model version of the caller's tenant */
        LearningStatus: {
            modelVersions: {
                modelVersion: string;
                /** @description The version this one was trained from (by a completed job); null if none */
                parentModelVersion: string | null;
                /** @description Feedback learned since the last training job */
                feedbackSinceLastJob: number;
                /** @description The approval-rate drift test: the reference window against the recent one */
                drift: {
                    /** @description In a drift episode: the recent approval rate is significantly lower */
                    active: boolean;
                    /** @description The last test statistic; null before the first test */
                    zScore: number | null;
                    referenceCount: number;
                    referenceApprovalRate: number | null;
                    recentCount: number;
                    recentApprovalRate: number | null;
                };
                /** @description The latest 20 jobs, newest first */
                jobs: components["schemas"]["TrainingJob"][];
            }[];
            /** @description How far behind `learn` is on this tenant's feedback (the queues themselves are shared by every tenant: getQueues, with an operator key) */
            backlog: {
                /** @description The tenant's stored feedback not learned yet */
                unlearnedFeedback: number;
                /** @description Age of the oldest of it; null when there is none */
                oldestUnlearnedAgeSeconds: number | null;
            };
        };
        /** @description A training job for the external trainer */
        TrainingJob: {
            /** Format: uuid */
            id: string;
            /** @description The model version to retrain */
            modelVersion: string;
            /**
             * @description `threshold`: enough feedback since the last job; `drift`: the approval rate fell; `manual`: forced by an admin
             * @enum {string}
             */
            reason: "threshold" | "drift" | "manual";
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed";
            /** Format: date-time */
            createdAt: string;
            completedAt: string | null;
            /** @description What the job trained, once completed */
            newModelVersion: string | null;
        };
        /** @description The completed job; the new model version descends from the job's */
        CompletedJob: {
            /** Format: uuid */
            id: string;
            /** @description The model version to retrain */
            modelVersion: string;
            /**
             * @description `threshold`: enough feedback since the last job; `drift`: the approval rate fell; `manual`: forced by an admin
             * @enum {string}
             */
            reason: "threshold" | "drift" | "manual";
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed";
            /** Format: date-time */
            createdAt: string;
            completedAt: string | null;
            /** @description What the job trained, once completed */
            newModelVersion: string | null;
            /** @description The evaluation the trainer reported */
            evaluation: {
                [key: string]: number | boolean | string | null;
            };
        };
        /** @description One labelled example per line (NDJSON), oldest first. The cursor of the next page is in the `X-Next-Cursor` response header, absent on the last page. */
        TrainingExample: {
            originalFilename: string;
            /** @description What the model proposed */
            proposedFilename: string;
            /** @description The name the file ended with: the proposal when approved, the name the person typed when modified, null when rejected (the person kept no name we know of) */
            finalFilename: string | null;
            /**
             * @description The decision: approved, rejected or modified
             * @enum {string}
             */
            label: "approved" | "rejected" | "modified";
            confidence: number;
            modelVersion: string;
            /**
             * Format: date-time
             * @description When the decision was received, UTC, to the microsecond
             */
            decidedAt: string;
        };
        /** @description What was learned from one person's names */
        PreferencesReport: {
            userId: string;
            /** @description PREFERENCE_MIN_EVIDENCE */
            minEvidence: number;
            /** @description PREFERENCE_MIN_CONFIDENCE */
            minConfidence: number;
            /** @description Per dimension, how many of the person’s names showed it (`tokens`: names compared word by word) */
            observations: {
                [key: string]: number;
            };
            /** @description By dimension, strongest first; empty for a person with no modification learned */
            rules: components["schemas"]["PreferenceRule"][];
        };
        /** @description A proposed name rewritten the way the person would write it */
        ApplyPreferencesResult: {
            userId: string;
            /** @description The name as sent (NFC-normalized) */
            original: string;
            /** @description The name rewritten by the rules that apply */
            filename: string;
            changed: boolean;
            /** @description The rules that changed the name, in the order they ran */
            appliedRules: {
                /**
                 * @description separator, case, dateFormat, datePosition, extensionCase: one choice each; removeToken: a word (lower case) the person removes; addPrefix / addSuffix: a word the person adds, as typed
                 * @enum {string}
                 */
                dimension: "separator" | "case" | "dateFormat" | "datePosition" | "extensionCase" | "removeToken" | "addPrefix" | "addSuffix";
                /** @description separator: space, underscore, hyphen, dot, camelCase; case: lower, upper, title; dateFormat: YYYY-MM-DD, YYYYMMDD, YYYY_MM_DD, YYYY.MM.DD, DD.MM.YYYY, MM-DD-YYYY; datePosition: prefix, suffix; extensionCase: lower, upper; any choice may be `unchanged` (the person keeps what the proposal has); a token otherwise */
                value: string;
                /** @description Names the person changed to agree with the rule */
                support: number;
                /** @description Names that disagree with it */
                contradictions: number;
                /** @description support / (support + contradictions) */
                confidence: number;
                /** @description support >= PREFERENCE_MIN_EVIDENCE and confidence >= PREFERENCE_MIN_CONFIDENCE */
                applies: boolean;
                /**
                 * @description `tenant`: the tenant's shared rule, used while the person has fewer than PREFERENCE_MIN_EVIDENCE names showing that dimension
                 * @enum {string}
                 */
                source: "user" | "tenant";
            }[];
        };
        /** @description A naming convention learned from the names a person chose */
        PreferenceRule: {
            /**
             * @description separator, case, dateFormat, datePosition, extensionCase: one choice each; removeToken: a word (lower case) the person removes; addPrefix / addSuffix: a word the person adds, as typed
             * @enum {string}
             */
            dimension: "separator" | "case" | "dateFormat" | "datePosition" | "extensionCase" | "removeToken" | "addPrefix" | "addSuffix";
            /** @description separator: space, underscore, hyphen, dot, camelCase; case: lower, upper, title; dateFormat: YYYY-MM-DD, YYYYMMDD, YYYY_MM_DD, YYYY.MM.DD, DD.MM.YYYY, MM-DD-YYYY; datePosition: prefix, suffix; extensionCase: lower, upper; any choice may be `unchanged` (the person keeps what the proposal has); a token otherwise */
            value: string;
            /** @description Names the person changed to agree with the rule */
            support: number;
            /** @description Names that disagree with it */
            contradictions: number;
            /** @description support / (support + contradictions) */
            confidence: number;
            /** @description support >= PREFERENCE_MIN_EVIDENCE and confidence >= PREFERENCE_MIN_CONFIDENCE */
            applies: boolean;
        };
        /** @description An A/B experiment between model versions */
        Experiment: {
            experimentId: string;
            /** @enum {string} */
            state: "draft" | "running" | "paused" | "concluded" | "cancelled";
            /** @description Send as If-Match to refuse stale writes */
            version: number;
            name: string;
            description: string | null;
            variants: {
                /** @description How feedback names the variant */
                key: string;
                /** @description The model version this variant serves */
                modelVersion: string;
                /** @description Share of the people in the experiment */
                weight: number;
            }[];
            coverage: number;
            seed: string;
            layer: string | null;
            /** @constant */
            primaryMetric: "approvalRate";
            guardrails: ("modificationRate" | "editDistance")[];
            alpha: number;
            power: number;
            minimumDetectableEffect: number;
            sequential: boolean;
            maxDurationDays: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            startedAt: string | null;
            endedAt: string | null;
            winner: string | null;
            promoted: boolean;
            /** @description The results frozen when it concluded */
            finalResults: components["schemas"]["ExperimentResults"] | null;
        };
        /** @description Experiments, newest first */
        ExperimentList: {
            experiments: components["schemas"]["Experiment"][];
        };
        /** @description An experiment's figures, tests and what to do next */
        ExperimentResults: {
            experimentId: string;
            /** @enum {string} */
            state: "draft" | "running" | "paused" | "concluded" | "cancelled";
            /** Format: date-time */
            computedAt: string;
            /**
             * @description Experiments randomize people: every test treats a person as one observation
             * @constant
             */
            unit: "person";
            /** @description Below this many people in a variant, p-values come from a permutation test */
            smallSamplePeople: number;
            variants: {
                key: string;
                modelVersion: string;
                control: boolean;
                /** @description People assigned to the variant (what the SRM check counts) */
                exposures: number;
                /** @description People with at least one decision: the unit every test counts */
                people: number;
                /** @description Decisions learned under the variant */
                feedback: number;
                approved: number;
                /** @description approved / feedback, the per-person ratio Σapproved / Σdecided; null without feedback */
                approvalRate: number | null;
                /** @description modified / feedback; null without feedback */
                modificationRate: number | null;
                /** @description Mean normalized edit distance of modified proposals; null when none */
                editDistance: number | null;
                /** @description Var(approval rate) over people / the variance if every decision were independent: how much clustering within people inflates it (1: none). Usable as the sample-size `designEffect`. Null below 2 people or at a rate of 0 or 1 */
                designEffect: number | null;
            }[];
            /** @description Sample ratio mismatch: do exposures match the weights? */
            srm: {
                chi2: number;
                pValue: number;
                /** @description pValue < 0.001: the split is broken */
                mismatch: boolean;
                expected: number[];
            };
            /** @description One per non-control variant with 2 people or more on each side */
            comparisons: {
                variant: string;
                /** @constant */
                metric: "approvalRate";
                /** @constant */
                unit: "person";
                /** @description People with decisions in the metric, per side */
                people: {
                    control: number;
                    treatment: number;
                };
                /** @description Observed, unadjusted */
                controlRate: number;
                /** @description Observed, unadjusted */
                treatmentRate: number;
                /** @description Treatment rate - control rate */
                absoluteLift: number;
                /** @description Treatment rate / control rate - 1 */
                relativeLift: number | null;
                /** @description Of absoluteLift, by the delta method over people */
                standardError: number;
                /** @description absoluteLift ± t(0.975, degreesOfFreedom) · standardError */
                ci95Absolute: [
                    number,
                    number
                ];
                /** @description Delta-method interval of relativeLift */
                ci95Relative: [
                    number,
                    number
                ] | null;
                /** @description Welch–Satterthwaite */
                degreesOfFreedom: number;
                /**
                 * @description `welch-t`: delta-method t with Welch–Satterthwaite degrees of freedom, when both variants have `smallSamplePeople` people or more; below that, a permutation test over people, every reassignment enumerated (`permutation-exact`) or seeded random ones drawn (`permutation-monte-carlo`)
                 * @enum {string}
                 */
                test: "welch-t" | "permutation-exact" | "permutation-monte-carlo";
                /** @description absoluteLift / standardError; null when the standard error is 0 */
                statistic: number | null;
                /** @description Fixed-horizon, two-sided */
                pValue: number;
                /** @description Standard error of a Monte-Carlo permutation p-value; null otherwise */
                monteCarloError: number | null;
                /** @description Permutations enumerated or drawn; null for welch-t */
                reassignments: number | null;
                /** @description Holm-adjusted across every variant and metric */
                pValueAdjusted: number;
                /** @description The p-value the decision uses is below alpha */
                significant: boolean;
                chanceToBeatControl: number;
                expectedLoss: number;
                /**
                 * @description Normal on the same variance; Bayesian bootstrap over people below the switch
                 * @enum {string}
                 */
                posterior: "normal" | "bayesian-bootstrap";
                /** @description mSPRT on the headline estimate: valid however often the results are looked at; it starts looking once both variants have `smallSamplePeople` people */
                alwaysValid: {
                    pValue: number;
                    /** @description [lower, upper] */
                    ci95: [
                        number,
                        number
                    ];
                };
                /** @description CUPED on the per-person ratio with pre-assignment covariates */
                cuped: {
                    applied: boolean;
                    /** @description Why not applied: no covariate data, nobody with history, covariates that do not vary, or fewer than `smallSamplePeople` people; null when applied */
                    reason: ("noCovariate" | "noHistory" | "degenerate" | "smallSample") | null;
                    /** @description Per person: decided before assignment (0/1), and that pre-period's approval rate */
                    covariates: ("hasHistory" | "priorApprovalRate")[];
                    /** @description Regression coefficients, pooled within the two variants */
                    theta: {
                        hasHistory: number;
                        priorApprovalRate: number;
                    } | null;
                    /** @description 1 - Var(adjusted lift) / Var(unadjusted lift) */
                    varianceReduction: number | null;
                    /** @description People with decisions in the metric, per side */
                    peopleWithHistory: {
                        control: number;
                        treatment: number;
                    };
                };
                /** @description The same comparison without CUPED; equals the headline when not applied */
                unadjusted: {
                    /** @description Treatment rate - control rate */
                    absoluteLift: number;
                    /** @description Treatment rate / control rate - 1 */
                    relativeLift: number | null;
                    /** @description Of absoluteLift, by the delta method over people */
                    standardError: number;
                    /** @description absoluteLift ± t(0.975, degreesOfFreedom) · standardError */
                    ci95Absolute: [
                        number,
                        number
                    ];
                    /** @description Delta-method interval of relativeLift */
                    ci95Relative: [
                        number,
                        number
                    ] | null;
                    /** @description Welch–Satterthwaite */
                    degreesOfFreedom: number;
                    pValue: number;
                };
            }[];
            guardrails: {
                variant: string;
                /** @enum {string} */
                metric: "modificationRate" | "editDistance";
                /** @constant */
                unit: "person";
                /** @description People with decisions in the metric, per side */
                people: {
                    control: number;
                    treatment: number;
                };
                control: number | null;
                treatment: number | null;
                /** @description Null when a side has fewer than 2 people */
                test: ("welch-t" | "permutation-exact" | "permutation-monte-carlo") | null;
                degreesOfFreedom: number | null;
                monteCarloError: number | null;
                /** @description One-sided: is the variant worse than control? */
                pValue: number | null;
                pValueAdjusted: number | null;
                /** @description Significantly worse than control after adjustment */
                harmed: boolean;
            }[];
            power: {
                /** @description Control's approval rate so far */
                baseline: number | null;
                minimumDetectableEffect: number;
                /** @description People with decisions per variant to detect the effect, at the per-person variance observed (CUPED-adjusted when applied); null until estimable */
                requiredPerVariant: number | null;
                smallestVariantExposures: number;
                /** @description People with decisions in the smallest variant */
                smallestVariantPeople: number;
                /** @description Chance to detect the effect at the standard error observed now */
                achievedPower: number | null;
            };
            decision: {
                /** @enum {string} */
                action: "keep-running" | "ship" | "stop-no-effect" | "stop-srm";
                /** @description The variant to ship, for `ship` */
                variant: string | null;
                reason: string;
            };
        };
        /** @description The variant a person sees, or why they see none */
        Assignment: {
            experimentId: string;
            /** @constant */
            inExperiment: true;
            variant: string;
            modelVersion: string;
        } | {
            experimentId: string;
            /** @constant */
            inExperiment: false;
            /**
             * @description `notRunning`: the experiment is not running; `coverage`: the person falls outside it; `layer`: the person is in another experiment of its layer
             * @enum {string}
             */
            reason: "notRunning" | "coverage" | "layer";
        };
        /** @description A person's assignment in every running experiment */
        Assignments: {
            userId: string;
            assignments: components["schemas"]["Assignment"][];
        };
        /** @description People needed per variant (alpha split among the comparisons with control) */
        SampleSize: {
            baseline: number;
            mde: number;
            alpha: number;
            power: number;
            variants: number;
            /** @description As asked; 1 when absent */
            decisionsPerPerson: number;
            /** @description As asked; null when absent */
            betweenPersonSd: number | null;
            /** @description At the baseline: 1 + (decisionsPerPerson - 1) · betweenPersonSd² / (p(1 - p)), or as asked */
            designEffect: number;
            peoplePerVariant: number;
            totalPeople: number;
            /** @description peoplePerVariant × decisionsPerPerson, rounded up */
            decisionsPerVariant: number;
        };
        /** @description The tenant's default model version */
        DefaultModel: {
            modelVersion: string;
            /** @description The experiment that promoted it */
            experimentId: string | null;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description A new key; only its SHA-256 is stored, so keep the key now */
        CreatedApiKey: {
            /**
             * Format: uuid
             * @description Names the key in lists and in DELETE /v1/keys/{id}
             */
            id: string;
            /** @description The key itself, `rf_user_...` or `rf_admin_...`: shown here only, never again */
            key: string;
            /** @enum {string} */
            scope: "user" | "admin";
            tenantId: string;
            label: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        /** @description The tenant's keys */
        ApiKeyList: {
            /** @description Oldest first, revoked ones included */
            items: components["schemas"]["ApiKeySummary"][];
        };
        /** @description One of the tenant's keys, without its secret */
        ApiKeySummary: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            scope: "user" | "admin";
            label: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description When it was revoked; null while it works */
            revokedAt: string | null;
        };
        /** @description A problem document (RFC 9457) */
        Problem: {
            /** @description `about:blank`: the status says what kind of problem it is */
            type: string;
            /** @description The status's reason phrase, e.g. `Unprocessable Content` */
            title: string;
            status: number;
            /** @description What went wrong with this request, for a person */
            detail: string;
            /** @description The path of the request */
            instance: string;
            /** @description For bad input (400, 409, 422): each field and the rule it broke, at most 100 (and at most 20 per batch item) */
            errors?: components["schemas"]["FieldError"][];
            /** @description With `errors`: how many more broken rules there were than `errors` lists */
            omittedErrors?: number;
        };
        /** @description One broken rule of a request */
        FieldError: {
            /** @description Where: a field path such as `userFilename` or `items[3].confidence`, or `(body)` */
            path: string;
            /** @description Which rule, stable for programs: `required`, `maxBytes`, `unknownField`, ... */
            rule: string;
            /** @description What is wrong, for a person */
            message: string;
        };
    };
    responses: never;
    parameters: {
        /** @description Makes a retry safe: a request repeated with the same key (per API key and route) and the same body gets the first answer back, for 24 hours; the same key with a different body is a 422; while the first request is still running, a 409. A request that failed leaves no record and can be retried. */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description What is left of the quota this route spends (draft-ietf-httpapi-ratelimit-headers): requests left (`r`) and seconds until one more is possible (`t`).
         * @example "user";r=57;t=25
         */
        RateLimit: string;
        /**
         * @description The quota this route spends: `q` requests per `w` seconds, per API key.
         * @example "user";q=100;w=60
         */
        "RateLimit-Policy": string;
        /**
         * @description How the answer was served (RFC 9211): `hit` from the cache, or `fwd=miss` computed from PostgreSQL (`stored`, `collapsed` into a computation already running, or `detail=not-stored` while the cache is unavailable); `fwd=bypass` when caching is off. Cached answers are never older than what `learn` had committed when the request began.
         * @example rename-feedback; hit
         */
        "Cache-Status": string;
        /** @description Where the created resource is: `/v1/keys/{id}` for a new key. */
        Location: string;
        /** @description Seconds to wait before retrying. */
        "Retry-After": number;
        /** @description Where the next page starts: pass it as `cursor` with the same filters. Absent on the last page. */
        "X-Next-Cursor": string;
        /** @description The scheme to authenticate with: `Bearer`. */
        "WWW-Authenticate": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    submitFeedback: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (per API key and route) and the same body gets the first answer back, for 24 hours; the same key with a different body is a 422; while the first request is still running, a 409. A request that failed leaves no record and can be retried. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        /** @description At most 64 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedbackInput"];
            };
        };
        responses: {
            /** @description Stored, or a duplicate */
            202: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmitResult"];
                };
            };
            /** @description The body is not valid JSON. The Idempotency-Key header is malformed. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This proposal already has a different decision. A request with this Idempotency-Key is still in progress: retry shortly. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 64 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. This Idempotency-Key was used before with a different body. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `user` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitFeedbackBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a request repeated with the same key (per API key and route) and the same body gets the first answer back, for 24 hours; the same key with a different body is a 422; while the first request is still running, a 409. A request that failed leaves no record and can be retried. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        /** @description At most 2 MiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedbackBatch"];
            };
        };
        responses: {
            /** @description At least one item is stored or a duplicate */
            202: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResult"];
                };
            };
            /** @description The body is not valid JSON. The Idempotency-Key header is malformed. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with this Idempotency-Key is still in progress: retry shortly. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 2 MiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. No item could be stored (each is invalid or in conflict): `errors` lists them all. This Idempotency-Key was used before with a different body. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `user` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: {
                /** @description Only this model version; all of them when absent */
                modelVersion?: string;
                /** @description Start of the range, ISO 8601 with an offset; counted in whole UTC hours */
                from?: string;
                /** @description End of the range, ISO 8601 with an offset, later than from */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Cache-Status": components["headers"]["Cache-Status"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsReport"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A query parameter breaks a rule: `errors` names each and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `metrics` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFeedback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id a submission answered with */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The feedback */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedbackView"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No feedback with this id in the caller's tenant (another tenant's is as absent). */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `metrics` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCalibration: {
        parameters: {
            query?: {
                /** @description The approval rate `autoApplyThreshold` is for, above 0 and at most 1; 0.95 when absent */
                target?: string;
            };
            header?: never;
            path: {
                /** @description A model version, as feedback names it */
                modelVersion: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The calibration */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Cache-Status": components["headers"]["Cache-Status"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalibrationReport"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No learned feedback for this model version in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A query parameter breaks a rule: `errors` names each and the rule it broke. The model version breaks its pattern. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `metrics` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    calibrateConfidences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A model version, as feedback names it */
                modelVersion: string;
            };
            cookie?: never;
        };
        /** @description At most 512 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CalibrateRequest"];
            };
        };
        responses: {
            /** @description The calibrated values */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Cache-Status": components["headers"]["Cache-Status"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalibrateResult"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No learned feedback for this model version in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 512 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. The model version breaks its pattern. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `user` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not ready: PostgreSQL or the feedback queue does not answer. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document of this API */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getQueues: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The depths */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuesReport"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A tenant's key, user or admin: the queues are shared by every tenant, so only an operator key (no tenant) may see or move them. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    redriveDeadLetters: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Moved */
            202: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedriveResult"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A tenant's key, user or admin: the queues are shared by every tenant, so only an operator key (no tenant) may see or move them. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportTrainingData: {
        parameters: {
            query?: {
                /** @description Only this model version; all of them when absent */
                modelVersion?: string;
                /** @description Only decisions received at or after this moment, ISO 8601 with an offset */
                since?: string;
                /** @description Only decisions received before this moment, ISO 8601 with an offset */
                until?: string;
                /** @description Where to continue: the `X-Next-Cursor` of the previous page, with the same filters */
                cursor?: string;
                /** @description Examples per page, 1 to 5000, default 1000; a page may hold fewer to stay under 5 MiB */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of examples, one JSON object per line */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "X-Next-Cursor": components["headers"]["X-Next-Cursor"];
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": components["schemas"]["TrainingExample"];
                };
            };
            /** @description The `cursor` is not one this API gave out for this tenant and these filters (cursors are signed; one changed or made up is refused before it is read). */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A query parameter breaks a rule: `errors` names each and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLearningStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The state */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LearningStatus"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    forceRetraining: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 4 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetrainRequest"];
            };
        };
        responses: {
            /** @description The job is queued */
            202: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingJob"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No feedback has been learned for this model version in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 4 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeTrainingJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the training job */
                id: string;
            };
            cookie?: never;
        };
        /** @description At most 64 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompleteJobRequest"];
            };
        };
        responses: {
            /** @description The completed job */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompletedJob"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No training job with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The job is not queued or running (it completed differently, or failed), or the new version is the job's own, an ancestor of it, or the product of another job. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 64 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNamingPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The person, URL-encoded: 1 to 128 characters, well-formed Unicode, no control characters */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The learned rules */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreferencesReport"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The user id breaks its rules. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `metrics` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    applyNamingPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The person, URL-encoded: 1 to 128 characters, well-formed Unicode, no control characters */
                userId: string;
            };
            cookie?: never;
        };
        /** @description At most 4 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplyPreferencesRequest"];
            };
        };
        responses: {
            /** @description The rewritten name */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApplyPreferencesResult"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 4 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. The user id or the file name breaks its rules. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `user` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listExperiments: {
        parameters: {
            query?: {
                /** @description Only experiments in this state */
                state?: "draft" | "running" | "paused" | "concluded" | "cancelled";
                /** @description Only experiments of this layer */
                layer?: string;
                /** @description Only experiments with a variant of this version */
                modelVersion?: string;
                /** @description Experiments per page, 1 to 50, default 20 */
                limit?: number;
                /** @description Where to continue: the `X-Next-Cursor` of the previous page, with the same filters */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "X-Next-Cursor": components["headers"]["X-Next-Cursor"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentList"];
                };
            };
            /** @description The `cursor` is not one this API gave out. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A query parameter breaks a rule: `errors` names each and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 16 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateExperimentRequest"];
            };
        };
        responses: {
            /** @description The new experiment */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSampleSize: {
        parameters: {
            query: {
                /** @description The control's expected approval rate, above 0 and below 1 */
                baseline: string;
                /** @description The smallest absolute change worth detecting (0.02 = 2 points) */
                mde: string;
                /** @description False-positive rate; 0.05 when absent */
                alpha?: string;
                /** @description Chance to detect the effect; 0.8 when absent */
                power?: string;
                /** @description Variants, control included: 2 to 5; 2 when absent */
                variants?: string;
                /** @description Mean proposals a person decides during the experiment; 1 when absent */
                decisionsPerPerson?: string;
                /** @description Standard deviation of people's own approval rates (how much people differ); needs decisionsPerPerson */
                betweenPersonSd?: string;
                /** @description Instead of betweenPersonSd: variance over people / variance if decisions were independent, e.g. a past experiment's results `designEffect`; needs decisionsPerPerson */
                designEffect?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sample size */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SampleSize"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A query parameter breaks a rule: `errors` names each and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The experiment id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The experiment */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The experiment id */
                id: string;
            };
            cookie?: never;
        };
        /** @description At most 16 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateExperimentRequest"];
            };
        };
        responses: {
            /** @description The changed experiment */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The experiment is concluded or cancelled, or the change is not allowed once started. The `If-Match` version is not the stored one, or someone else changed the experiment meanwhile (a stale write): read it and retry. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The experiment id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The experiment */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The experiment is not `draft`. The `If-Match` version is not the stored one, or someone else changed the experiment meanwhile (a stale write): read it and retry. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pauseExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The experiment id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The experiment */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The experiment is not `running`. The `If-Match` version is not the stored one, or someone else changed the experiment meanwhile (a stale write): read it and retry. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The experiment id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The experiment */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The experiment is not `paused`. The `If-Match` version is not the stored one, or someone else changed the experiment meanwhile (a stale write): read it and retry. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    concludeExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The experiment id */
                id: string;
            };
            cookie?: never;
        };
        /** @description At most 16 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConcludeExperimentRequest"];
            };
        };
        responses: {
            /** @description The concluded experiment */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The experiment is not running or paused. The `If-Match` version is not the stored one, or someone else changed the experiment meanwhile (a stale write): read it and retry. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 16 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. The winner is not a variant, or `promote` has no winner to promote. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The experiment id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The experiment */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The experiment is not `draft`, `running` or `paused`. The `If-Match` version is not the stored one, or someone else changed the experiment meanwhile (a stale write): read it and retry. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getExperimentResults: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The experiment id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The results */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentResults"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAssignment: {
        parameters: {
            query: {
                /** @description The person who decided: 1 to 128 characters, well-formed Unicode, no control characters */
                userId: string;
            };
            header?: never;
            path: {
                /** @description The experiment id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The assignment */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assignment"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment with this id in the caller's tenant. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A query parameter breaks a rule: `errors` names each and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `metrics` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAssignments: {
        parameters: {
            query: {
                /** @description The person who decided: 1 to 128 characters, well-formed Unicode, no control characters */
                userId: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The assignments */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assignments"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A query parameter breaks a rule: `errors` names each and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `metrics` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDefaultModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The default model */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DefaultModel"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An operator key: it belongs to no tenant, and this route reads or writes one. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No experiment has promoted a model version yet. */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `metrics` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Oldest first */
            200: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description At most 4 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            /** @description The new key, its secret shown this once */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 4 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id the key was created with (see listApiKeys) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A user key (this route needs the `admin` scope), or an operator key (it belongs to no tenant). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No live key with this id in the caller's tenant (another tenant's is as absent). */
            404: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description It is the tenant's last live admin key: create another admin key first, so the tenant is not locked out. */
            409: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The id is not a UUID. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTenantApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The tenant: 1 to 64 of A-Z a-z 0-9 _ - */
                tenantId: string;
            };
            cookie?: never;
        };
        /** @description At most 4 KiB, as `application/json`. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            /** @description The new key, its secret shown this once */
            201: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description The body is not valid JSON. */
            400: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is not valid. */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A tenant's key, user or admin: the queues are shared by every tenant, so only an operator key (no tenant) may see or move them. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than 4 KiB. */
            413: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not sent as `content-type: application/json`. */
            415: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body breaks a rule: `errors` names each field and the rule it broke. The tenant id breaks its pattern. */
            422: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key has spent its `admin` quota: retry after `Retry-After` seconds. */
            429: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Something unexpected failed; it is logged, and the answer says nothing of it. */
            500: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or another dependency cannot be reached: retry after `Retry-After`. */
            503: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}

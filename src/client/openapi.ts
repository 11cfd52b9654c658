/**
 * The Palisade HTTP API as TypeScript types, generated from GET /openapi.json by openapi-typescript.
 * Do not edit: run `npm run client:generate` after changing a route's schema.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process is up
         * @description Auth: No credentials.
         *
         *     Auth: No credentials.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The database is reachable and every migration this code knows is applied
         * @description Auth: No credentials.
         *
         *     Auth: No credentials.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ready" | "not_ready";
                            /** @enum {string} */
                            database: "ok" | "unreachable";
                            migrations: {
                                applied: number;
                                pending: number;
                            } | null;
                            reason?: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ready" | "not_ready";
                            /** @enum {string} */
                            database: "ok" | "unreachable";
                            migrations: {
                                applied: number;
                                pending: number;
                            } | null;
                            reason?: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who the credential says I am, and my profile
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            principal: {
                                /** @enum {string} */
                                kind: "user" | "platform_admin" | "api_key";
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                user_id?: string;
                                email?: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                org_id?: string;
                                /** @description an API key's effective role: the lower of its own role and its creator's live role */
                                role?: string;
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                api_key_id?: string;
                            };
                            profile: components["schemas"]["Profile"] | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit my profile (created on first edit)
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        display_name?: string | null;
                        /** Format: uri */
                        avatar_url?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Profile"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Organisations I belong to
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Organisation"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an organisation: I become its owner, and it gets a default workspace
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        slug?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organisation"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One organisation
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organisation"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename an organisation (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        slug?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organisation"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/orgs/{orgId}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Leave an organisation (the last owner cannot: 409)
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Members of an organisation, with their status
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Member"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One member
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Remove a member (to leave yourself, POST /v1/orgs/:orgId/leave)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a member's role (owners and admins; only owners touch owners)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "owner" | "admin" | "member" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/orgs/{orgId}/members/{userId}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend a member: they keep their row but see nothing
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/members/{userId}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reactivate a suspended member
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Invitations of an organisation (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Invitation"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Invite someone by email; the response holds the acceptance token, shown this once
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /**
                         * @default member
                         * @enum {string}
                         */
                        role?: "owner" | "admin" | "member" | "viewer";
                        /** @default 168 */
                        valid_for_hours?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            invitation: components["schemas"]["Invitation"];
                            /** @description give it to the invitee (e.g. in a link); they POST it to /v1/invitations/accept. Not retrievable later. */
                            token: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/invitations/{invitationId}": {
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
         * Revoke a pending invitation
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    invitationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation sent to my email address: I become an active member
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organisation"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Workspaces of an organisation
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Workspace"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a workspace (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Workspace"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workspaces/{workspaceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One workspace
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Workspace"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a workspace and its projects (owners and admins; never the default one)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename or describe a workspace (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Workspace"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/orgs/{orgId}/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Projects of an organisation, optionally of one workspace
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                    /** @description UUID */
                    workspace_id?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Project"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a project in a workspace (owners, admins, members); a person creating it owns it
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        workspace_id: string;
                        name: string;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/projects/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One project
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a project (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename or describe a project (owners, admins, project owners and managers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/orgs/{orgId}/projects/{projectId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A project's members and their project roles
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ProjectMember"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an active member of the organisation to a project
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        user_id: string;
                        /** @enum {string} */
                        role: "owner" | "manager" | "contributor" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProjectMember"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/projects/{projectId}/members/{userId}": {
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
         * Take someone off a project
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    projectId: string;
                    /** @description UUID */
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change someone's project role
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    projectId: string;
                    /** @description UUID */
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "owner" | "manager" | "contributor" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProjectMember"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/orgs/{orgId}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API keys of an organisation: metadata only (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ApiKey"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API key (owners and admins); the key is in this response only
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /**
                         * @description at most the creator's own role
                         * @default member
                         * @enum {string}
                         */
                        role?: "admin" | "member" | "viewer";
                        /**
                         * Format: date-time
                         * @description when the key stops working; omitted or null: never
                         */
                        expires_at?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            api_key: components["schemas"]["ApiKey"];
                            /** @description pk_…: send as Authorization: Bearer pk_… or x-api-key. Store it now: only its hash is kept. */
                            key: string;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One API key's metadata
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    keyId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Revoke an API key: it stops working at once (the row stays, for the record)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    keyId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename an API key
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    keyId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/admin/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange my user token for a short-lived admin token (platform admins only); the minting is recorded
         * @description Auth: A user token only.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ttl_seconds?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description send as Authorization: Bearer …; it alone grants platform-admin rights */
                            token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            /** @enum {string} */
                            audience: "palisade-admin";
                            /**
                             * Format: date-time
                             * @description ISO 8601 timestamp
                             */
                            expires_at: string;
                            /** @description seconds */
                            expires_in: number;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every organisation on the platform
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Organisation"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/admins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who the platform admins are (added and removed with `palisade admins`, never through the API)
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["PlatformAdmin"][];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An organisation's audit chain, newest first (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description audit_log: changes to the organisation's data; admin_actions: what operators and the server did to it */
                    chain?: "audit_log" | "admin_actions";
                    /** @description exact action, or a prefix ending in * (organisation_members.*) */
                    action?: string;
                    /** @description actor user id */
                    actor?: string;
                    /** @description entries at or after this time */
                    since?: string;
                    /** @description entries before this time */
                    until?: string;
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AuditEntry"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recompute the organisation's hash chains and check them against the signed anchors (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description one chain; both when omitted */
                    chain?: "audit_log" | "admin_actions";
                    /** @description start at this seq, taking the previous entry on trust */
                    from?: number;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            entries: number;
                            reports: components["schemas"]["AuditChainReport"][];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/step-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every step type, published or not
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AdminStepType"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a step type (its versions are added and published separately)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        key: string;
                        name: string;
                        category?: string;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminStepType"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/step-types/{stepTypeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One step type with all its versions
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    stepTypeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            id: string;
                            key: string;
                            name: string;
                            category: string;
                            description: string | null;
                            versions: number;
                            published_versions: number;
                            /**
                             * Format: date-time
                             * @description ISO 8601 timestamp
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 timestamp
                             */
                            updated_at: string;
                            version_list: components["schemas"]["AdminStepTypeVersion"][];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename, recategorise or describe a step type
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    stepTypeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        category?: string;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminStepType"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/admin/step-types/{stepTypeId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a draft version (semver, unique per step type); publish it to make it installable
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    stepTypeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description semantic version */
                        version: string;
                        /**
                         * @description a JSON Schema (2020-12 subset: see docs/architecture/tenancy.md)
                         * @default {
                         *       "type": "object"
                         *     }
                         */
                        input_schema?: {
                            [key: string]: unknown;
                        } | boolean;
                        /**
                         * @description a JSON Schema (2020-12 subset: see docs/architecture/tenancy.md)
                         * @default {
                         *       "type": "object"
                         *     }
                         */
                        output_schema?: {
                            [key: string]: unknown;
                        } | boolean;
                        /**
                         * @description endpoint template, method, auth (a vault secret name), timeout_ms, callback expectations; {} for none
                         * @default {}
                         */
                        external_call?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminStepTypeVersion"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/step-type-versions/{versionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One step type version, with its external-call contract
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    versionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminStepTypeVersion"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a draft version (a published one cannot be deleted: deprecate it)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    versionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a draft version (a published version is immutable: 409)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    versionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description a JSON Schema (2020-12 subset: see docs/architecture/tenancy.md) */
                        input_schema?: {
                            [key: string]: unknown;
                        } | boolean;
                        /** @description a JSON Schema (2020-12 subset: see docs/architecture/tenancy.md) */
                        output_schema?: {
                            [key: string]: unknown;
                        } | boolean;
                        external_call?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminStepTypeVersion"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/admin/step-type-versions/{versionId}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a version: tenants can see and install it, and it is frozen from now on
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    versionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminStepTypeVersion"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/step-type-versions/{versionId}/deprecate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deprecate (or un-deprecate) a published version: existing installs keep it, new installs are refused
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    versionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        deprecated?: boolean;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminStepTypeVersion"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Rule sources and how their last poll went
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AdminRuleSource"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a rule source (due for polling at once)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        key: string;
                        name: string;
                        /**
                         * Format: uri
                         * @description http(s) URL polled with conditional requests; private addresses are refused unless PALISADE_ALLOW_PRIVATE_EGRESS=1
                         */
                        url: string;
                        /** @description the rule pack this source feeds; defaults to the key */
                        rule_pack_name?: string;
                        poll_interval_minutes?: number;
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRuleSource"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-sources/{sourceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One rule source
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    sourceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRuleSource"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a rule source and its snapshots
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    sourceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a rule source (a new URL forgets the old validators and polls now)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    sourceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        key?: string;
                        name?: string;
                        /**
                         * Format: uri
                         * @description http(s) URL polled with conditional requests; private addresses are refused unless PALISADE_ALLOW_PRIVATE_EGRESS=1
                         */
                        url?: string;
                        /** @description the rule pack this source feeds; defaults to the key */
                        rule_pack_name?: string;
                        poll_interval_minutes?: number;
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRuleSource"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/admin/rule-sources/{sourceId}/snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Snapshots of a source, newest first (hashes and sizes; contents stay in the database)
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    sourceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /**
                                 * Format: uuid
                                 * @description UUID
                                 */
                                id: string;
                                content_hash: string;
                                bytes: number;
                                http_status: number | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 timestamp
                                 */
                                fetched_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-sources/{sourceId}/poll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Poll one source now, as the watcher would (recorded as this admin)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    sourceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "not_modified" | "unchanged" | "baseline" | "detected" | "proposed" | "failed";
                            http_status: number | null;
                            error: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            detection_id: string | null;
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            proposal_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-pack-detections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Detected source changes, newest first
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    status?: "open" | "proposed" | "dismissed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AdminRulePackDetection"][];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-pack-detections/{detectionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One detection with the snapshots that triggered it
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    detectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRulePackDetection"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-pack-detections/{detectionId}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dismiss a detection (its pending proposal is rejected)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    detectionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRulePackDetection"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-pack-detections/{detectionId}/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Write (or rewrite) the pending proposal of a detection by hand
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    detectionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description semantic version */
                        proposed_version: string;
                        spec: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRulePackProposal"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-pack-proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Proposals, oldest first
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                    status?: "pending" | "approved" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AdminRulePackProposal"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-pack-proposals/{proposalId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One proposal
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    proposalId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRulePackProposal"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-pack-proposals/{proposalId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve: publishes the proposed rule pack version, in the same transaction
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    proposalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRulePackProposal"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-pack-proposals/{proposalId}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject: dismisses the detection; nothing is published
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    proposalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRulePackProposal"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-packs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every rule pack version, drafts included
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AdminRulePack"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Author a draft rule pack version directly (most arrive through proposals)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description semantic version */
                        version: string;
                        spec: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRulePack"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rule-packs/{rulePackId}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a draft rule pack version (then immutable)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    rulePackId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminRulePack"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/step-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Published step types and their published versions
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["CatalogStepType"][];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/step-types/{stepTypeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One published step type
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    stepTypeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CatalogStepType"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/rule-packs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Published rule pack versions
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["CatalogRulePack"][];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/step-type-installs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Step types installed in an organisation
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["StepTypeInstall"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Install a published, non-deprecated step type version (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        step_type_version_id: string;
                        /** @default true */
                        pinned?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StepTypeInstall"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/step-type-installs/{installId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One install
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    installId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StepTypeInstall"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Uninstall (owners and admins; refused while a workflow uses it)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    installId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Pin or unpin an install (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    installId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        pinned: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StepTypeInstall"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/orgs/{orgId}/step-type-installs/{installId}/upgrade": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move an install to a named version, or (unpinned) to the newest published one; refused if a workflow using it would break
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    installId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        step_type_version_id?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StepTypeInstall"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/rule-pack-installs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Rule packs installed in an organisation
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["RulePackInstall"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Install a published rule pack version (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        rule_pack_id: string;
                        /** @default true */
                        pinned?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RulePackInstall"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/rule-pack-installs/{installId}": {
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
         * Uninstall a rule pack (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    installId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Pin or unpin a rule pack install (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    installId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        pinned: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RulePackInstall"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/orgs/{orgId}/rule-pack-installs/{installId}/upgrade": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a rule pack install to a named version, or (unpinned) to the newest published one
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    installId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        rule_pack_id?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RulePackInstall"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workflow-defs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Workflow definitions of an organisation
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: {
                    /** @description page size, 1 to 100 */
                    limit?: number;
                    /** @description next_cursor from the previous page */
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WorkflowDef"][];
                            /** @description pass as ?cursor= for the next page; null on the last page */
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Define a workflow (owners, admins and members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        description?: string | null;
                        /**
                         * @description in order: the first runs first
                         * @default []
                         */
                        steps?: {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            install_id: string;
                            /** @default {} */
                            config?: unknown;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WorkflowDef"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workflow-defs/{workflowId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One workflow definition with its steps
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    workflowId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WorkflowDef"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a workflow and its steps
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    workflowId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename or describe a workflow, or replace its steps (all of them, in the new order)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description ETag from a previous response; the update fails with 412 if the resource changed since */
                    "if-match"?: string;
                };
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    workflowId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string | null;
                        /** @description in order: the first runs first */
                        steps?: {
                            /**
                             * Format: uuid
                             * @description UUID
                             */
                            install_id: string;
                            /** @default {} */
                            config?: unknown;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WorkflowDef"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/integration-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Integration types and the fields they take (descriptions, never values)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["IntegrationType"][];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integration-mapping-sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The fields of Palisade's records a field mapping may read (its sources)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listIntegrationMappingSources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An organisation's integrations (members read; credentials never shown)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Integration"][];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a draft integration (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            /** @description { type, display_name, config?, field_mappings?, sync_schedule? }; omitted documents take the type defaults */
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Integration"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{integrationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One integration
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    integrationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Integration"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an integration and its stored credentials (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    integrationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename, reconfigure, activate, pause or disable (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    integrationId: string;
                };
                cookie?: never;
            };
            /** @description any of { display_name, status: draft|active|paused|disabled, config } */
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Integration"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{integrationId}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Store the credentials (write-only: encrypted in the vault, never returned) — owners and admins
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    integrationId: string;
                };
                cookie?: never;
            };
            /** @description the fields of the type's credentials schema (GET /v1/integration-types) */
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationCredentialsStatus"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /**
         * Forget the credentials (not while active) — owners and admins
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    integrationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationCredentialsStatus"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{integrationId}/field-mappings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace the field mappings (schema_version 1 or 2 accepted, stored as 2; sources checked against GET /v1/integration-mapping-sources, targets against the type)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    integrationId: string;
                };
                cookie?: never;
            };
            /** @description { "schema_version": 2, "mappings": [{ "source", "target", "transform"?, "required"? }] } */
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Integration"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{integrationId}/sync-schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace the sync schedule: manual, interval (5-10080 minutes) or cron with a timezone
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    integrationId: string;
                };
                cookie?: never;
            };
            /** @description { "kind": "manual" } | { "kind": "interval", "minutes" } | { "kind": "cron", "expression", "timezone" } */
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Integration"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{integrationId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Call the external system once with the stored config and credentials (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    integrationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationTestResult"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integration-notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Notices about integrations, e.g. what repair reset (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["IntegrationNotice"][];
                        };
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integration-notices/{noticeId}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a notice read (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description UUID */
                    orgId: string;
                    /** @description UUID */
                    noticeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationNotice"];
                    };
                };
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
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
        ErrorInput: {
            error: {
                /** @description PS401, PS403, PS404, PS409, PS412, PS413, PS422, PS429, … (docs/error-codes.md) */
                code: string;
                message: string;
                /** @description the input field the error is about, when there is one */
                field?: string;
                /** @description quote it when reporting a problem: every log line of the request carries it */
                requestId: string;
            };
        };
        ProfileInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            user_id: string;
            display_name: string | null;
            avatar_url: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        OrganisationInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            slug: string | null;
            /** @description the caller's role here (for an API key, what it can do: the lower of its role and its creator's); null for platform admins without membership */
            my_role: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        MemberInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            user_id: string;
            /** @enum {string} */
            role: "owner" | "admin" | "member" | "viewer";
            /** @enum {string} */
            status: "active" | "invited" | "suspended";
            display_name: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            invited_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        InvitationInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            email: string;
            /** @enum {string} */
            role: "owner" | "admin" | "member" | "viewer";
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked" | "expired";
            /**
             * Format: uuid
             * @description UUID
             */
            invited_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            expires_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            accepted_at: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            accepted_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            revoked_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        WorkspaceInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            description: string | null;
            is_default: boolean;
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        ProjectInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            workspace_id: string;
            name: string;
            description: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        ProjectMemberInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            user_id: string;
            /** @enum {string} */
            role: "owner" | "manager" | "contributor" | "viewer";
            /**
             * Format: uuid
             * @description UUID
             */
            added_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        ApiKeyInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "member" | "viewer";
            /**
             * @description what the key can do now: the lower of `role` and its creator's role; null while its creator is not an active member (the key is refused with PS424)
             * @enum {string|null}
             */
            effective_role: "admin" | "member" | "viewer" | null;
            /** @description the first characters of the key, to tell keys apart; the key itself is never shown again */
            prefix: string;
            /** @enum {string} */
            status: "active" | "revoked" | "expired";
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            expires_at: string | null;
            /**
             * Format: date-time
             * @description updated at most once a minute
             */
            last_used_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            revoked_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        PlatformAdminInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            user_id: string;
            /** @description from the identity provider; null when it has none for this person */
            email: string | null;
            note: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        AuditEntryInput: {
            seq: number;
            /**
             * Format: date-time
             * @description UTC, milliseconds, the form of every timestamp in the API
             */
            created_at: string;
            /** @description UTC with microseconds, exactly as the hash covers it (docs/audit.md), to recompute `hash` */
            created_at_exact: string;
            /**
             * Format: uuid
             * @description UUID
             */
            actor_id: string | null;
            actor_role: string;
            /**
             * Format: uuid
             * @description UUID
             */
            actor_key_id: string | null;
            action: string;
            target_table: string | null;
            target_id: string | null;
            /** @description the row before, secrets masked */
            old_data: unknown;
            /** @description the row after, secrets masked */
            new_data: unknown;
            details: unknown;
            request_id: string | null;
            ip: string | null;
            user_agent: string | null;
            /** @description SHA-256, hex */
            prev_hash: string;
            /** @description SHA-256, hex */
            hash: string;
        };
        AuditChainReportInput: {
            /**
             * @description audit_log: changes to the organisation's data; admin_actions: what operators and the server did to it
             * @enum {string}
             */
            chain: "audit_log" | "admin_actions";
            /** @enum {string} */
            status: "ok" | "broken";
            from_seq: number;
            last_seq: number;
            entries: number;
            anchors: {
                verified: number;
                unchecked: number;
                held_at: number | null;
            };
            broken?: {
                seq: number;
                through_seq?: number;
                /** @enum {string} */
                problem: "missing" | "relinked" | "edited" | "truncated" | "rewritten" | "bad_anchor";
                detail: string;
            };
        };
        AdminStepTypeInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            key: string;
            name: string;
            category: string;
            description: string | null;
            versions: number;
            published_versions: number;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        AdminStepTypeVersionInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            step_type_id: string;
            version: string;
            input_schema: unknown;
            output_schema: unknown;
            external_call: unknown;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            published_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            deprecated_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        AdminRuleSourceInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            key: string;
            name: string;
            url: string;
            rule_pack_name: string;
            poll_interval_minutes: number;
            enabled: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            last_polled_at: string | null;
            last_status: number | null;
            last_error: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            next_poll_at: string;
            failure_count: number;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        AdminRulePackDetectionInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            rule_pack_name: string;
            /** @enum {string} */
            status: "open" | "proposed" | "dismissed";
            summary: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            detected_at: string;
            sources: {
                /**
                 * Format: uuid
                 * @description UUID
                 */
                source_id: string;
                /**
                 * Format: uuid
                 * @description UUID
                 */
                snapshot_id: string;
                /**
                 * Format: uuid
                 * @description UUID
                 */
                previous_snapshot_id: string | null;
            }[];
        };
        AdminRulePackProposalInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            detection_id: string;
            rule_pack_name: string;
            proposed_version: string;
            spec: unknown;
            /** @enum {string} */
            status: "pending" | "approved" | "rejected";
            /**
             * Format: uuid
             * @description UUID
             */
            decided_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            decided_at: string | null;
            decision_note: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            rule_pack_id: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        AdminRulePackInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            version: string;
            spec: unknown;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            published_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        CatalogStepTypeInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            key: string;
            name: string;
            category: string;
            description: string | null;
            versions: {
                /**
                 * Format: uuid
                 * @description UUID
                 */
                id: string;
                version: string;
                input_schema: unknown;
                output_schema: unknown;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                published_at: string;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                deprecated_at: string | null;
            }[];
        };
        CatalogRulePackInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            version: string;
            spec: unknown;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            published_at: string;
        };
        StepTypeInstallInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            step_type_id: string;
            step_type_key: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            step_type_version_id: string;
            version: string | null;
            /** @description the installed version was deprecated: it keeps working, upgrade when you can */
            deprecated: boolean;
            /** @description a pinned install moves only to a version you name */
            pinned: boolean;
            /**
             * Format: uuid
             * @description UUID
             */
            installed_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        RulePackInstallInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            rule_pack_name: string;
            /**
             * Format: uuid
             * @description UUID
             */
            rule_pack_id: string;
            version: string | null;
            pinned: boolean;
            /**
             * Format: uuid
             * @description UUID
             */
            installed_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        WorkflowDefInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            description: string | null;
            steps: {
                position: number;
                /**
                 * Format: uuid
                 * @description UUID
                 */
                install_id: string;
                step_type_key: string | null;
                version: string | null;
                config: unknown;
            }[];
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        IntegrationCredentialsStatusInput: {
            configured: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updatedAt: string | null;
        };
        IntegrationInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            org_id: string;
            /** @description a key of GET /v1/integration-types */
            type: string;
            type_version: number;
            display_name: string;
            /** @enum {string} */
            status: "draft" | "active" | "paused" | "error" | "disabled";
            /** @description non-secret settings of the type */
            config: {
                [key: string]: unknown;
            };
            field_mappings: {
                /** @enum {number} */
                schema_version: 2;
                mappings: {
                    /** @description Where the value comes from in the Palisade record, e.g. employee.number */
                    source: string;
                    /** @description A target field of the integration type (GET /v1/integration-types lists them) */
                    target: string;
                    transform?: {
                        /** @enum {string} */
                        kind: "trim";
                    } | {
                        /** @enum {string} */
                        kind: "uppercase";
                    } | {
                        /** @enum {string} */
                        kind: "lowercase";
                    } | {
                        /** @enum {string} */
                        kind: "number";
                    } | {
                        /** @enum {string} */
                        kind: "boolean";
                    } | {
                        /** @enum {string} */
                        kind: "date";
                        /** @enum {string} */
                        format: "date" | "datetime" | "unix_seconds";
                    } | {
                        /** @enum {string} */
                        kind: "truncate";
                        length: number;
                    } | {
                        /** @enum {string} */
                        kind: "default";
                        value: string | number | boolean;
                    } | {
                        /** @enum {string} */
                        kind: "map";
                        values: {
                            [key: string]: (string | number | boolean) | null;
                        };
                    };
                    /** @description Fail the record when the source is empty */
                    required?: boolean;
                }[];
            };
            sync_schedule: {
                /** @enum {string} */
                kind: "manual";
            } | {
                /** @enum {string} */
                kind: "interval";
                minutes: number;
            } | {
                /** @enum {string} */
                kind: "cron";
                expression: string;
                timezone: string;
            };
            /** @description never the credentials themselves */
            credentials: components["schemas"]["IntegrationCredentialsStatusInput"];
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            next_sync_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            last_sync_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            last_tested_at: string | null;
            last_test_ok: boolean | null;
            last_error: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            updated_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        IntegrationTypeInput: {
            key: string;
            label: string;
            version: number;
            description: string;
            /** @description JSON Schema of the config, a description per field */
            config: unknown;
            /** @description JSON Schema of the credentials: names and descriptions, never values */
            credentials: unknown;
            targets: {
                name: string;
                type: string;
                required: boolean;
                description: string;
            }[];
            openTargets?: {
                type: string;
                description: string;
            };
            defaultConfig: unknown;
            defaultMappings: unknown;
            defaultSchedule: unknown;
        };
        IntegrationMappingSourceInput: {
            /** @description the first segment of a source path, e.g. employee */
            record: string;
            description: string;
            fields: {
                /** @description the path a mapping names as its source, e.g. employee.number */
                source: string;
                /** @enum {string} */
                type: "string" | "number" | "boolean" | "date" | "datetime";
                description: string;
            }[];
        };
        IntegrationTestResultInput: {
            ok: boolean;
            /** @enum {string} */
            code?: "auth_failed" | "unreachable" | "blocked" | "timeout" | "unexpected_response" | "misconfigured";
            /** @description what happened, never the credentials */
            message: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            tested_at: string;
        };
        IntegrationNoticeInput: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            integration_id: string | null;
            kind: string;
            /** @enum {string} */
            severity: "info" | "warning" | "error";
            title: string;
            body: string;
            details: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            read_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        Error: {
            error: {
                /** @description PS401, PS403, PS404, PS409, PS412, PS413, PS422, PS429, … (docs/error-codes.md) */
                code: string;
                message: string;
                /** @description the input field the error is about, when there is one */
                field?: string;
                /** @description quote it when reporting a problem: every log line of the request carries it */
                requestId: string;
            };
        };
        Profile: {
            /**
             * Format: uuid
             * @description UUID
             */
            user_id: string;
            display_name: string | null;
            avatar_url: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Organisation: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            slug: string | null;
            /** @description the caller's role here (for an API key, what it can do: the lower of its role and its creator's); null for platform admins without membership */
            my_role: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Member: {
            /**
             * Format: uuid
             * @description UUID
             */
            user_id: string;
            /** @enum {string} */
            role: "owner" | "admin" | "member" | "viewer";
            /** @enum {string} */
            status: "active" | "invited" | "suspended";
            display_name: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            invited_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Invitation: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            email: string;
            /** @enum {string} */
            role: "owner" | "admin" | "member" | "viewer";
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked" | "expired";
            /**
             * Format: uuid
             * @description UUID
             */
            invited_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            expires_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            accepted_at: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            accepted_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            revoked_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        Workspace: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            description: string | null;
            is_default: boolean;
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        Project: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            workspace_id: string;
            name: string;
            description: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        ProjectMember: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            user_id: string;
            /** @enum {string} */
            role: "owner" | "manager" | "contributor" | "viewer";
            /**
             * Format: uuid
             * @description UUID
             */
            added_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        ApiKey: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "member" | "viewer";
            /**
             * @description what the key can do now: the lower of `role` and its creator's role; null while its creator is not an active member (the key is refused with PS424)
             * @enum {string|null}
             */
            effective_role: "admin" | "member" | "viewer" | null;
            /** @description the first characters of the key, to tell keys apart; the key itself is never shown again */
            prefix: string;
            /** @enum {string} */
            status: "active" | "revoked" | "expired";
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            expires_at: string | null;
            /**
             * Format: date-time
             * @description updated at most once a minute
             */
            last_used_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            revoked_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        PlatformAdmin: {
            /**
             * Format: uuid
             * @description UUID
             */
            user_id: string;
            /** @description from the identity provider; null when it has none for this person */
            email: string | null;
            note: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        AuditEntry: {
            seq: number;
            /**
             * Format: date-time
             * @description UTC, milliseconds, the form of every timestamp in the API
             */
            created_at: string;
            /** @description UTC with microseconds, exactly as the hash covers it (docs/audit.md), to recompute `hash` */
            created_at_exact: string;
            /**
             * Format: uuid
             * @description UUID
             */
            actor_id: string | null;
            actor_role: string;
            /**
             * Format: uuid
             * @description UUID
             */
            actor_key_id: string | null;
            action: string;
            target_table: string | null;
            target_id: string | null;
            /** @description the row before, secrets masked */
            old_data: unknown;
            /** @description the row after, secrets masked */
            new_data: unknown;
            details: unknown;
            request_id: string | null;
            ip: string | null;
            user_agent: string | null;
            /** @description SHA-256, hex */
            prev_hash: string;
            /** @description SHA-256, hex */
            hash: string;
        };
        AuditChainReport: {
            /**
             * @description audit_log: changes to the organisation's data; admin_actions: what operators and the server did to it
             * @enum {string}
             */
            chain: "audit_log" | "admin_actions";
            /** @enum {string} */
            status: "ok" | "broken";
            from_seq: number;
            last_seq: number;
            entries: number;
            anchors: {
                verified: number;
                unchecked: number;
                held_at: number | null;
            };
            broken?: {
                seq: number;
                through_seq?: number;
                /** @enum {string} */
                problem: "missing" | "relinked" | "edited" | "truncated" | "rewritten" | "bad_anchor";
                detail: string;
            };
        };
        AdminStepType: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            key: string;
            name: string;
            category: string;
            description: string | null;
            versions: number;
            published_versions: number;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        AdminStepTypeVersion: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            step_type_id: string;
            version: string;
            input_schema: unknown;
            output_schema: unknown;
            external_call: unknown;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            published_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            deprecated_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        AdminRuleSource: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            key: string;
            name: string;
            url: string;
            rule_pack_name: string;
            poll_interval_minutes: number;
            enabled: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            last_polled_at: string | null;
            last_status: number | null;
            last_error: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            next_poll_at: string;
            failure_count: number;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        AdminRulePackDetection: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            rule_pack_name: string;
            /** @enum {string} */
            status: "open" | "proposed" | "dismissed";
            summary: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            detected_at: string;
            sources: {
                /**
                 * Format: uuid
                 * @description UUID
                 */
                source_id: string;
                /**
                 * Format: uuid
                 * @description UUID
                 */
                snapshot_id: string;
                /**
                 * Format: uuid
                 * @description UUID
                 */
                previous_snapshot_id: string | null;
            }[];
        };
        AdminRulePackProposal: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            detection_id: string;
            rule_pack_name: string;
            proposed_version: string;
            spec: unknown;
            /** @enum {string} */
            status: "pending" | "approved" | "rejected";
            /**
             * Format: uuid
             * @description UUID
             */
            decided_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            decided_at: string | null;
            decision_note: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            rule_pack_id: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        AdminRulePack: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            version: string;
            spec: unknown;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            published_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        CatalogStepType: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            key: string;
            name: string;
            category: string;
            description: string | null;
            versions: {
                /**
                 * Format: uuid
                 * @description UUID
                 */
                id: string;
                version: string;
                input_schema: unknown;
                output_schema: unknown;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                published_at: string;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                deprecated_at: string | null;
            }[];
        };
        CatalogRulePack: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            version: string;
            spec: unknown;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            published_at: string;
        };
        StepTypeInstall: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            step_type_id: string;
            step_type_key: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            step_type_version_id: string;
            version: string | null;
            /** @description the installed version was deprecated: it keeps working, upgrade when you can */
            deprecated: boolean;
            /** @description a pinned install moves only to a version you name */
            pinned: boolean;
            /**
             * Format: uuid
             * @description UUID
             */
            installed_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        RulePackInstall: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            rule_pack_name: string;
            /**
             * Format: uuid
             * @description UUID
             */
            rule_pack_id: string;
            version: string | null;
            pinned: boolean;
            /**
             * Format: uuid
             * @description UUID
             */
            installed_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        WorkflowDef: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            description: string | null;
            steps: {
                position: number;
                /**
                 * Format: uuid
                 * @description UUID
                 */
                install_id: string;
                step_type_key: string | null;
                version: string | null;
                config: unknown;
            }[];
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        IntegrationCredentialsStatus: {
            configured: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updatedAt: string | null;
        };
        Integration: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            org_id: string;
            /** @description a key of GET /v1/integration-types */
            type: string;
            type_version: number;
            display_name: string;
            /** @enum {string} */
            status: "draft" | "active" | "paused" | "error" | "disabled";
            /** @description non-secret settings of the type */
            config: {
                [key: string]: unknown;
            };
            field_mappings: {
                /** @enum {number} */
                schema_version: 2;
                mappings: {
                    /** @description Where the value comes from in the Palisade record, e.g. employee.number */
                    source: string;
                    /** @description A target field of the integration type (GET /v1/integration-types lists them) */
                    target: string;
                    transform?: {
                        /** @enum {string} */
                        kind: "trim";
                    } | {
                        /** @enum {string} */
                        kind: "uppercase";
                    } | {
                        /** @enum {string} */
                        kind: "lowercase";
                    } | {
                        /** @enum {string} */
                        kind: "number";
                    } | {
                        /** @enum {string} */
                        kind: "boolean";
                    } | {
                        /** @enum {string} */
                        kind: "date";
                        /** @enum {string} */
                        format: "date" | "datetime" | "unix_seconds";
                    } | {
                        /** @enum {string} */
                        kind: "truncate";
                        length: number;
                    } | {
                        /** @enum {string} */
                        kind: "default";
                        value: string | number | boolean;
                    } | {
                        /** @enum {string} */
                        kind: "map";
                        values: {
                            [key: string]: (string | number | boolean) | null;
                        };
                    };
                    /** @description Fail the record when the source is empty */
                    required?: boolean;
                }[];
            };
            sync_schedule: {
                /** @enum {string} */
                kind: "manual";
            } | {
                /** @enum {string} */
                kind: "interval";
                minutes: number;
            } | {
                /** @enum {string} */
                kind: "cron";
                expression: string;
                timezone: string;
            };
            /** @description never the credentials themselves */
            credentials: components["schemas"]["IntegrationCredentialsStatus"];
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            next_sync_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            last_sync_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            last_tested_at: string | null;
            last_test_ok: boolean | null;
            last_error: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            created_by: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            updated_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            updated_at: string;
        };
        IntegrationType: {
            key: string;
            label: string;
            version: number;
            description: string;
            /** @description JSON Schema of the config, a description per field */
            config: unknown;
            /** @description JSON Schema of the credentials: names and descriptions, never values */
            credentials: unknown;
            targets: {
                name: string;
                type: string;
                required: boolean;
                description: string;
            }[];
            openTargets?: {
                type: string;
                description: string;
            };
            defaultConfig: unknown;
            defaultMappings: unknown;
            defaultSchedule: unknown;
        };
        IntegrationMappingSource: {
            /** @description the first segment of a source path, e.g. employee */
            record: string;
            description: string;
            fields: {
                /** @description the path a mapping names as its source, e.g. employee.number */
                source: string;
                /** @enum {string} */
                type: "string" | "number" | "boolean" | "date" | "datetime";
                description: string;
            }[];
        };
        IntegrationTestResult: {
            ok: boolean;
            /** @enum {string} */
            code?: "auth_failed" | "unreachable" | "blocked" | "timeout" | "unexpected_response" | "misconfigured";
            /** @description what happened, never the credentials */
            message: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            tested_at: string;
        };
        IntegrationNotice: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            integration_id: string | null;
            kind: string;
            /** @enum {string} */
            severity: "info" | "warning" | "error";
            title: string;
            body: string;
            details: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            read_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listIntegrationMappingSources: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["IntegrationMappingSource"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}

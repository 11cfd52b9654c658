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
        get: operations["getHealth"];
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
        get: operations["getReadiness"];
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
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit my profile (created on first edit)
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        patch: operations["updateMe"];
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
        get: operations["listOrgs"];
        put?: never;
        /**
         * Create an organisation: I become its owner, and it gets a default workspace
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: operations["createOrg"];
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
        get: operations["getOrg"];
        put?: never;
        post?: never;
        /**
         * Delete an organisation (owners): members lose access at once, API keys and invitations are revoked for good; restorable until purge_after
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        delete: operations["deleteOrg"];
        options?: never;
        head?: never;
        /**
         * Rename an organisation (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateOrg"];
        trace?: never;
    };
    "/v1/me/deleted-orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deleted organisations I own (restorable until purge_after)
         * @description Auth: A user token or an admin token; API keys are refused.
         *
         *     Auth: A user token or an admin token; API keys are refused.
         */
        get: operations["listDeletedOrgs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a deleted organisation before purge_after (owners); its revoked keys and invitations stay revoked
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: operations["restoreOrg"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
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
        post: operations["leaveOrg"];
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
        get: operations["listMembers"];
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
        get: operations["getMember"];
        put?: never;
        post?: never;
        /**
         * Remove a member (to leave yourself, POST /v1/orgs/:orgId/leave)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["removeMember"];
        options?: never;
        head?: never;
        /**
         * Change a member's role (owners and admins; only owners touch owners)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateMember"];
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
        post: operations["suspendMember"];
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
        post: operations["reactivateMember"];
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
        get: operations["listInvitations"];
        put?: never;
        /**
         * Invite someone by email; the response holds the acceptance token, shown this once
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createInvitation"];
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
        delete: operations["revokeInvitation"];
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
        post: operations["acceptInvitation"];
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
        get: operations["listWorkspaces"];
        put?: never;
        /**
         * Create a workspace (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createWorkspace"];
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
        get: operations["getWorkspace"];
        put?: never;
        post?: never;
        /**
         * Delete a workspace and its projects (owners and admins; never the default one)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["deleteWorkspace"];
        options?: never;
        head?: never;
        /**
         * Rename or describe a workspace (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateWorkspace"];
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
        get: operations["listProjects"];
        put?: never;
        /**
         * Create a project in a workspace (owners, admins, members); a person creating it owns it
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createProject"];
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
        get: operations["getProject"];
        put?: never;
        post?: never;
        /**
         * Delete a project (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["deleteProject"];
        options?: never;
        head?: never;
        /**
         * Rename or describe a project (owners, admins, project owners and managers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateProject"];
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
        get: operations["listProjectMembers"];
        put?: never;
        /**
         * Add an active member of the organisation to a project
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["addProjectMember"];
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
        delete: operations["removeProjectMember"];
        options?: never;
        head?: never;
        /**
         * Change someone's project role
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateProjectMember"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Provider organisations this organisation granted access to, with who acts (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listProviderDelegations"];
        put?: never;
        /**
         * Grant a provider organisation access (owners); pending until the provider's owners or admins accept
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: operations["grantProviderDelegation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/providers/{delegationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One provider delegation (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getProviderDelegation"];
        put?: never;
        post?: never;
        /**
         * Revoke a provider's access (owners): it ends with its delegates' next request; the row stays
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        delete: operations["revokeProviderDelegation"];
        options?: never;
        head?: never;
        /**
         * Change a delegation's ceiling, expiry or workspaces (owners); delegates hold the new terms from their next request
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        patch: operations["updateProviderDelegation"];
        trace?: never;
    };
    "/v1/me/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Client organisations I act in now through a provider, and my role in each
         * @description Auth: A user token or an admin token; API keys are refused.
         *
         *     Auth: A user token or an admin token; API keys are refused.
         */
        get: operations["listMyClients"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Delegations granted to this organisation as a provider: pending, active, expired and revoked (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listProviderClients"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/clients/{delegationId}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept a client's pending delegation (owners and admins); nobody acts until assigned
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: operations["acceptClientDelegation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/clients/{delegationId}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Name who acts for the client (owners and admins): one active member, or every member with at least a provider role; naming them again changes the role
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: operations["assignProviderMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/clients/{delegationId}/assignments/{assignmentId}": {
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
         * Stop an assignment (owners and admins): the people it named stop acting from their next request
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        delete: operations["unassignProviderMember"];
        options?: never;
        head?: never;
        patch?: never;
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
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key (owners and admins); the key is in this response only
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: operations["createApiKey"];
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
        get: operations["getApiKey"];
        put?: never;
        post?: never;
        /**
         * Revoke an API key: it stops working at once (the row stays, for the record)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        /**
         * Rename an API key
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateApiKey"];
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
        post: operations["createAdminToken"];
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
        get: operations["listAllOrgs"];
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
        get: operations["listAdmins"];
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
        get: operations["listAuditEntries"];
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
        get: operations["verifyAuditChain"];
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
        get: operations["listStepTypes"];
        put?: never;
        /**
         * Register a step type (its versions are added and published separately)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: operations["createStepType"];
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
        get: operations["getStepType"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename, recategorise or describe a step type
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        patch: operations["updateStepType"];
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
        post: operations["createStepTypeVersion"];
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
        get: operations["getStepTypeVersion"];
        put?: never;
        post?: never;
        /**
         * Delete a draft version (a published one cannot be deleted: deprecate it)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        delete: operations["deleteStepTypeVersion"];
        options?: never;
        head?: never;
        /**
         * Change a draft version (a published version is immutable: 409)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        patch: operations["updateStepTypeVersion"];
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
        post: operations["publishStepTypeVersion"];
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
        post: operations["deprecateStepTypeVersion"];
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
        get: operations["listRuleSources"];
        put?: never;
        /**
         * Add a rule source (due for polling at once)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: operations["createRuleSource"];
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
        get: operations["getRuleSource"];
        put?: never;
        post?: never;
        /**
         * Delete a rule source and its snapshots
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        delete: operations["deleteRuleSource"];
        options?: never;
        head?: never;
        /**
         * Change a rule source (a new URL forgets the old validators and polls now)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        patch: operations["updateRuleSource"];
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
        get: operations["listRuleSourceSnapshots"];
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
        post: operations["pollRuleSource"];
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
        get: operations["listRulePackDetections"];
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
        get: operations["getRulePackDetection"];
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
        post: operations["dismissRulePackDetection"];
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
        post: operations["createRulePackProposal"];
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
        get: operations["listRulePackProposals"];
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
        get: operations["getRulePackProposal"];
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
        post: operations["approveRulePackProposal"];
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
        post: operations["rejectRulePackProposal"];
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
        get: operations["listRulePacks"];
        put?: never;
        /**
         * Author a draft rule pack version directly (most arrive through proposals)
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        post: operations["createRulePack"];
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
        post: operations["publishRulePack"];
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
        get: operations["listCatalogStepTypes"];
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
        get: operations["getCatalogStepType"];
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
        get: operations["listCatalogRulePacks"];
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
        get: operations["listStepTypeInstalls"];
        put?: never;
        /**
         * Install a published, non-deprecated step type version (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["installStepType"];
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
        get: operations["getStepTypeInstall"];
        put?: never;
        post?: never;
        /**
         * Uninstall (owners and admins; refused while a workflow uses it)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["uninstallStepType"];
        options?: never;
        head?: never;
        /**
         * Pin or unpin an install (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateStepTypeInstall"];
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
        post: operations["upgradeStepTypeInstall"];
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
        get: operations["listRulePackInstalls"];
        put?: never;
        /**
         * Install a published rule pack version (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["installRulePack"];
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
        delete: operations["uninstallRulePack"];
        options?: never;
        head?: never;
        /**
         * Pin or unpin a rule pack install (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateRulePackInstall"];
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
        post: operations["upgradeRulePackInstall"];
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
        get: operations["listWorkflowDefs"];
        put?: never;
        /**
         * Define a workflow (owners, admins and members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createWorkflowDef"];
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
        get: operations["getWorkflowDef"];
        put?: never;
        post?: never;
        /**
         * Delete a workflow and its steps
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["deleteWorkflowDef"];
        options?: never;
        head?: never;
        /**
         * Rename or describe a workflow, or replace its steps (all of them, in the new order)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateWorkflowDef"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/workflow-defs/{workflowId}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a workflow so it can be run (owners, admins and members); publishing again changes nothing
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["publishWorkflowDef"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
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
        get: operations["listIntegrationTypes"];
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
        get: operations["listIntegrations"];
        put?: never;
        /**
         * Create a draft integration (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createIntegration"];
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
        get: operations["getIntegration"];
        put?: never;
        post?: never;
        /**
         * Delete an integration and its stored credentials (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["deleteIntegration"];
        options?: never;
        head?: never;
        /**
         * Rename, reconfigure, activate, pause or disable (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateIntegration"];
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
        put: operations["setIntegrationCredentials"];
        post?: never;
        /**
         * Forget the credentials (not while active) — owners and admins
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["deleteIntegrationCredentials"];
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
        put: operations["setIntegrationFieldMappings"];
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
        put: operations["setIntegrationSyncSchedule"];
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
        post: operations["testIntegration"];
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
        get: operations["listIntegrationNotices"];
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
        post: operations["markIntegrationNoticeRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{integrationId}/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Records staged for the integration, oldest first; ?pending=true: those the next sync sends
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listIntegrationRecords"];
        put?: never;
        /**
         * Stage up to 1000 source records for the integration's next sync (owners, admins and members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["stageIntegrationRecords"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{integrationId}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue a sync of an active integration now (owners and admins); its event says how it went
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["syncIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{integrationId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The integration's syncs, oldest first: what each sent, counted and failed (never a value)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listIntegrationSyncEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/integrations/{integrationId}/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One sync of the integration
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getIntegrationSyncEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workflow-defs/{workflowId}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a run of a workflow with an input its input schema accepts (owners, admins and members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["startWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workflow-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Runs of an organisation’s workflows, oldest first
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listWorkflowRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workflow-runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One run with its steps
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getWorkflowRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workflow-runs/{runId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a pending or running run and its unfinished steps (owners, admins and members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["cancelWorkflowRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workflow-runs/{runId}/steps/{stepRunId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a failed or timed-out step of a failed run again (owners, admins and members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["retryWorkflowStep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/step-type-installs/{installId}/signing-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a new signing key for an install’s custom-step calls and callbacks (owners and admins); shown once, the previous key verifies callbacks until the next rotation
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["rotateStepSigningKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/step-type-installs/{installId}/bearer-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the bearer token an install’s custom-step calls carry when its contract says bearer (owners and admins); write-only
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        put: operations["setStepBearerToken"];
        post?: never;
        /**
         * Remove an install’s bearer token (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["clearStepBearerToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/step-callbacks/{orgId}/{stepRunId}/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A step service reports a step’s end: signed with the install’s key (palisade-signature), JSON {delivery_id, status: succeeded|failed, output?, error?}
         * @description Auth: No credentials.
         */
        post: operations["receiveStepCallback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/leads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organisation's leads, oldest first; optionally of one workspace or status
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listLeads"];
        put?: never;
        /**
         * Add a lead to a workspace (owners, admins, members; counts against the plan)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createLead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/leads/{leadId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One lead
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getLead"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit a lead's contact details or status (owners, admins, members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateLead"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/lead-capture-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lead capture keys of an organisation: metadata only (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listLeadCaptureKeys"];
        put?: never;
        /**
         * Create a key a public form posts leads to one workspace with (owners and admins); the key is in this response only
         * @description Auth: A user token or an admin token; API keys are refused.
         */
        post: operations["createLeadCaptureKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/lead-capture-keys/{captureKeyId}": {
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
         * Revoke a lead capture key (owners and admins); it never works again
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["revokeLeadCaptureKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lead-capture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A public form's lead, with the form's capture key; answered the same whether stored or dropped as spam
         * @description Auth: No credentials.
         */
        post: operations["captureLead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the organisation has used this month against its plan's limits (members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/implementation-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organisation's implementation requests and their status (members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listImplementationRequests"];
        put?: never;
        /**
         * Ask for hands-on help: an integration set up, data imported (owners, admins, members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createImplementationRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/implementation-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open and in-progress implementation requests of every organisation, oldest first
         * @description Auth: An admin token only (POST /v1/admin/token).
         *
         *     Auth: An admin token only (POST /v1/admin/token).
         */
        get: operations["listOpenImplementationRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/orgs/{orgId}/implementation-requests/{requestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Move an implementation request on and keep notes the organisation does not see
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        patch: operations["updateImplementationRequest"];
        trace?: never;
    };
    "/v1/webhooks/hubspot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * HubSpot webhook events, signed with X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp (5-minute window); each event stored once, contact events upsert leads through the integration’s field mappings
         * @description Auth: No credentials.
         */
        post: operations["receiveHubSpotWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The plans on offer, with their limits
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listPlans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/plans/{planId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Create or replace a plan: its name, limits, Stripe price, whether it is offered, and its place
         * @description Auth: An admin token only (POST /v1/admin/token).
         */
        put: operations["putPlan"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/billing/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a Stripe Checkout for a plan (owners and admins); the checkout URL is in this response only
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createCheckout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/billing/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organisation's plan and subscription status (every member)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getSubscription"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe delivers a webhook event, signed with the endpoint’s secret (Stripe-Signature); each event is applied once
         * @description Auth: No credentials.
         */
        post: operations["receiveStripeWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/leads/{leadId}/qualify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Qualify a lead with its workspace’s qualifier (owners, admins and members): now (sync, the default) or on the job queue (queued)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["qualifyLead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/leads/{leadId}/qualifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A lead’s qualification history, oldest first (members); a qualification never changes
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listLeadQualifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/workspaces/{workspaceId}/qualification-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How a workspace’s leads are qualified (members); the defaults when never set
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getQualificationSettings"];
        /**
         * Set how a workspace’s leads are qualified (owners and admins): the qualifier, its criteria (checked; a bad one is 422 naming its JSON path) and auto-qualification
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        put: operations["setQualificationSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/api-connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API connections of the workspaces and projects the caller may see (credentials never shown)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listApiConnections"];
        put?: never;
        /**
         * Add an API connection to a workspace (owners, admins) or a project (also its owners, managers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createApiConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/api-connections/{connectionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One API connection (scope members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getApiConnection"];
        put?: never;
        post?: never;
        /**
         * Delete an API connection and its stored credentials (scope managers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["deleteApiConnection"];
        options?: never;
        head?: never;
        /**
         * Change an API connection; moving its endpoint to another origin forgets its credentials (scope managers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateApiConnection"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/api-connections/{connectionId}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Store the credentials (write-only: encrypted in the vault, sent only to this endpoint) — scope managers
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        put: operations["setApiConnectionCredentials"];
        post?: never;
        /**
         * Forget the stored credentials (scope managers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["deleteApiConnectionCredentials"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/api-connections/{connectionId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * GET the endpoint once with the stored credentials and say whether it answered (scope managers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["testApiConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/api-connections/{connectionId}/call": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send the configured request with input written into the body template; the answer at response_path, credentials scrubbed (scope members but viewers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["callApiConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organisation's token credits: balance, this month's grant and what is left of it (members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getCredits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/credits/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Token usage recorded in the organisation, oldest first; optionally of one project (members)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listTokenUsage"];
        put?: never;
        /**
         * Record tokens used and debit them from the credits, atomically (owners, admins, members and their keys); 402 when too few are left
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["recordTokenUsage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/token-packs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The token packs on sale (every signed-in caller)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listTokenPacks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/credits/purchases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The organisation's token pack purchases, oldest first (owners and admins)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listTokenPurchases"];
        put?: never;
        /**
         * Buy a token pack: starts a Stripe Checkout in payment mode (owners and admins); the checkout URL is in this response only
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createTokenPurchase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/oauth2-connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The OAuth2 connections of the caller's workspaces and projects, oldest first
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["listOAuthConnections"];
        put?: never;
        /**
         * Create an OAuth2 connection in a workspace (organisation owners and admins) or a project (also its owners and managers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["createOAuthConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/oauth2-connections/{connectionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One OAuth2 connection, with whether it is connected (never a secret)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         *
         *     Auth: A user token, an API key (its organisation only) or an admin token.
         */
        get: operations["getOAuthConnection"];
        put?: never;
        post?: never;
        /**
         * Delete an OAuth2 connection (the scope's managers); its tokens are revoked at the provider when it allows
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["deleteOAuthConnection"];
        options?: never;
        head?: never;
        /**
         * Edit an OAuth2 connection (the scope's managers). Changing an endpoint, the issuer or the client id forgets the client secret and the tokens
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        patch: operations["updateOAuthConnection"];
        trace?: never;
    };
    "/v1/orgs/{orgId}/oauth2-connections/{connectionId}/client-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Store the connection's client secret in the vault (write-only; the scope's managers)
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        put: operations["setOAuthClientSecret"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/oauth2-connections/{connectionId}/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a consent (the scope's managers, signed in): the provider's authorization URL, with state and PKCE (S256), valid once for 10 minutes
         * @description Auth: A user token only.
         */
        post: operations["authorizeOAuthConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth2/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The redirect URI: the provider sends the person's browser here with code and state; the code is exchanged and the tokens kept in the vault. A browser (Accept: text/html) gets a short page instead of JSON
         * @description No credential needed: the state names the consent, its organisation, connection and person. A request that carries a credential must be that person’s. Parameters other than those listed are ignored (providers add their own).
         *
         *     Auth: No credentials.
         *
         *     Auth: No credentials.
         */
        get: operations["completeOAuthAuthorization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/oauth2-connections/{connectionId}/tokens": {
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
         * Disconnect (the scope's managers): the tokens are deleted from the vault, then revoked at the provider's revocation endpoint; a failed revocation is reported, the tokens are gone all the same
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        delete: operations["disconnectOAuthConnection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}/oauth2-connections/{connectionId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Call the userinfo endpoint with the access token (members, contributors and up): refreshed first when it expires within a minute, and once more on a 401
         * @description Auth: A user token, an API key (its organisation only) or an admin token.
         */
        post: operations["testOAuthConnection"];
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
        CreateApiConnectionInput: {
            name: string;
            description?: string | null;
            /** @description What kind of API it is, a free label (e.g. rest, crm, weather) */
            api_type?: string;
            /**
             * Format: uri
             * @description Where records are sent
             */
            endpoint_url: string;
            /**
             * @description HTTP method records are sent with
             * @enum {string}
             */
            http_method?: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
            /**
             * @description How requests authenticate; the credentials must be of the same kind
             * @enum {string}
             */
            auth_type?: "bearer" | "basic" | "api_key" | "none";
            /** @description For api_key: the header (or query parameter) that carries the key, e.g. X-API-Key */
            api_key_name?: string;
            /**
             * @description For api_key: send it as a header or as a query parameter
             * @enum {string}
             */
            api_key_in?: "header" | "query";
            /** @description Extra, non-secret request headers */
            custom_headers?: {
                [key: string]: string;
            };
            /** @description JSON body; mapped targets are filled in at their dotted paths */
            request_body_template?: {
                [key: string]: unknown;
            };
            /** @description Dotted path to the result in the response body */
            response_path?: string | null;
            /** @description A JSON Schema of the response, kept for the caller; Palisade does not enforce it */
            response_schema?: {
                [key: string]: unknown;
            };
            is_active?: boolean;
            /**
             * Format: uuid
             * @description The workspace it belongs to (exactly one of workspace_id, project_id)
             */
            workspace_id?: string;
            /**
             * Format: uuid
             * @description The project it belongs to (exactly one of workspace_id, project_id)
             */
            project_id?: string;
        };
        UpdateApiConnectionInput: {
            name?: string;
            description?: string | null;
            /** @description What kind of API it is, a free label (e.g. rest, crm, weather) */
            api_type?: string;
            /**
             * Format: uri
             * @description Where records are sent
             */
            endpoint_url?: string;
            /**
             * @description HTTP method records are sent with
             * @enum {string}
             */
            http_method?: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
            /**
             * @description How requests authenticate; the credentials must be of the same kind
             * @enum {string}
             */
            auth_type?: "bearer" | "basic" | "api_key" | "none";
            /** @description For api_key: the header (or query parameter) that carries the key, e.g. X-API-Key */
            api_key_name?: string;
            /**
             * @description For api_key: send it as a header or as a query parameter
             * @enum {string}
             */
            api_key_in?: "header" | "query";
            /** @description Extra, non-secret request headers */
            custom_headers?: {
                [key: string]: string;
            };
            /** @description JSON body; mapped targets are filled in at their dotted paths */
            request_body_template?: {
                [key: string]: unknown;
            };
            /** @description Dotted path to the result in the response body */
            response_path?: string | null;
            /** @description A JSON Schema of the response, kept for the caller; Palisade does not enforce it */
            response_schema?: {
                [key: string]: unknown;
            };
            is_active?: boolean;
        };
        ApiConnectionCredentialsInput: {
            /** @enum {string} */
            kind: "bearer";
            /** @description Bearer token */
            token: string;
        } | {
            /** @enum {string} */
            kind: "basic";
            /** @description User name */
            username: string;
            /** @description Password */
            password: string;
        } | {
            /** @enum {string} */
            kind: "api_key";
            /** @description API key */
            apiKey: string;
        } | {
            /** @enum {string} */
            kind: "none";
        };
        CallApiConnectionInput: {
            /** @description Values written into the request body template at their dotted paths */
            input?: {
                [key: string]: unknown;
            };
        };
        Error: {
            error: {
                /** @description PS401, PS403, PS404, PS409, PS412, PS413, PS422, PS429, … (docs/error-codes.md) */
                code: string;
                message: string;
                /** @description the input field the error is about, when there is one */
                field?: string;
                /** @description PS402: the plan limit reached, and when a monthly one resets */
                usage?: {
                    metric: string;
                    limit: number;
                    resetAt: string | null;
                };
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
        DeletedOrganisation: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            name: string;
            slug: string | null;
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
            /**
             * Format: date-time
             * @description when an owner deleted it; null once restored
             */
            deleted_at: string | null;
            /**
             * Format: date-time
             * @description until then an owner can restore it; after it `palisade orgs purge` removes it and its data
             */
            purge_after: string | null;
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
        ProviderAssignment: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description a named member of the provider; null when provider_role is set
             */
            user_id: string | null;
            /**
             * @description every member of the provider holding at least this role; null when user_id is set
             * @enum {string|null}
             */
            provider_role: "owner" | "admin" | "member" | "viewer" | null;
            /**
             * @description the most it gives (the ceiling and the person's provider role still cap it)
             * @enum {string}
             */
            role: "viewer" | "member" | "admin";
        };
        ProviderDelegation: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            provider_org_id: string;
            /**
             * @description the most anyone acting for the provider holds here
             * @enum {string}
             */
            role_ceiling: "viewer" | "member" | "admin";
            /**
             * @description pending until the provider accepts; expired: active, but past expires_at
             * @enum {string}
             */
            status: "pending" | "active" | "expired" | "revoked";
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            expires_at: string | null;
            /** @description the client's workspaces the delegation is limited to; empty: the whole organisation */
            workspace_ids: string[];
            /** @description who the provider named to act here */
            assignments: components["schemas"]["ProviderAssignment"][];
            /**
             * Format: uuid
             * @description UUID
             */
            granted_by: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            accepted_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            accepted_at: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            revoked_by: string | null;
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
        ProviderClient: {
            /**
             * Format: uuid
             * @description UUID
             */
            delegation_id: string;
            /**
             * Format: uuid
             * @description the client organisation
             */
            org_id: string;
            /** @description the client's name */
            name: string;
            /** @enum {string} */
            role_ceiling: "viewer" | "member" | "admin";
            /**
             * @description pending until the provider accepts; expired: active, but past expires_at
             * @enum {string}
             */
            status: "pending" | "active" | "expired" | "revoked";
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            expires_at: string | null;
            /** @description the client's workspaces the delegation is limited to; empty: the whole organisation */
            workspace_ids: string[];
            assignments: components["schemas"]["ProviderAssignment"][];
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        MyClient: {
            /**
             * Format: uuid
             * @description the client organisation: call its /v1/orgs/{orgId}/… routes with your own token
             */
            org_id: string;
            name: string;
            /**
             * Format: uuid
             * @description the provider organisation I act for
             */
            provider_org_id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            delegation_id: string;
            /**
             * @description my role there: the lowest of the ceiling, my provider role and my assignment
             * @enum {string}
             */
            role: "viewer" | "member" | "admin";
            /** @description the client's workspaces the delegation is limited to; empty: the whole organisation */
            workspace_ids: string[];
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            expires_at: string | null;
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
            /** @description what a run's input must satisfy (JSON Schema 2020-12, the step types' subset) */
            input_schema: unknown;
            /**
             * Format: date-time
             * @description null while a draft: only a published workflow can be run
             */
            published_at: string | null;
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
                            [key: string]: (string | null) | (number | null) | (boolean | null);
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
        IntegrationSyncEvent: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /** @enum {string} */
            trigger: "manual" | "schedule" | "cli";
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "partial" | "failed" | "skipped";
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            scheduled_for: string | null;
            sent: number;
            created: number;
            updated: number;
            failed: number;
            errors: {
                index: number | null;
                code: string;
                message: string;
            }[];
            /**
             * Format: uuid
             * @description UUID
             */
            requested_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            finished_at: string | null;
        };
        IntegrationRecord: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            record: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
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
            exported_at: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            sync_id: string | null;
            error: string | null;
        };
        StagedIntegrationRecords: {
            ids: string[];
        };
        WorkflowRun: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            workflow_def_id: string;
            /** @enum {string} */
            status: "pending" | "running" | "succeeded" | "failed" | "cancelled";
            input: unknown;
            error: string | null;
            steps: {
                /**
                 * Format: uuid
                 * @description UUID
                 */
                id: string;
                position: number;
                /**
                 * Format: uuid
                 * @description UUID
                 */
                install_id: string | null;
                step_type_key: string | null;
                version: string | null;
                /** @enum {string} */
                status: "pending" | "running" | "waiting_callback" | "succeeded" | "failed" | "timed_out" | "cancelled";
                attempt: number;
                output: unknown;
                error: string | null;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                callback_expires_at: string | null;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                started_at: string | null;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                finished_at: string | null;
            }[];
            /**
             * Format: uuid
             * @description UUID
             */
            started_by: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            cancelled_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            finished_at: string | null;
        };
        StepSigningKey: {
            /**
             * Format: uuid
             * @description UUID
             */
            key_id: string;
            secret: string;
            /**
             * Format: uuid
             * @description UUID
             */
            previous_key_id: string | null;
        };
        Lead: {
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
            email: string | null;
            name: string | null;
            company: string | null;
            job_title: string | null;
            phone: string | null;
            website: string | null;
            message: string | null;
            /** @enum {string} */
            source: "manual" | "api" | "form" | "hubspot" | "import";
            /** @enum {string} */
            status: "new" | "contacted" | "qualified" | "disqualified" | "converted";
            score: number | null;
            /** @enum {string|null} */
            qualification: "qualified" | "nurture" | "disqualified" | null;
            qualification_summary: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            qualified_at: string | null;
            hubspot_contact_id: string | null;
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
        LeadCaptureKey: {
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
            /** @description plc_ and the first 8 characters, to tell keys apart */
            prefix: string;
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
             * @description ISO 8601 timestamp
             */
            revoked_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            last_used_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        Usage: {
            /**
             * Format: date
             * @description the first day (UTC) of the month the monthly metrics count
             */
            period_start: string;
            metrics: {
                /** @enum {string} */
                metric: "ai_qualifications" | "api_requests" | "integrations" | "leads" | "members" | "workspaces";
                used: number;
                limit: number;
                /**
                 * Format: date-time
                 * @description when a monthly metric starts again at zero; null for what exists at once
                 */
                resets_at: string | null;
            }[];
        };
        ImplementationRequest: {
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
            /** @enum {string} */
            kind: "integration_setup" | "data_import" | "custom_workflow" | "qualification_tuning" | "other";
            title: string;
            details: string | null;
            /** @enum {string} */
            status: "open" | "in_progress" | "done" | "declined";
            /**
             * Format: uuid
             * @description UUID
             */
            requested_by: string | null;
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
        ImplementationRequestForOperators: {
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
            /** @enum {string} */
            kind: "integration_setup" | "data_import" | "custom_workflow" | "qualification_tuning" | "other";
            title: string;
            details: string | null;
            /** @enum {string} */
            status: "open" | "in_progress" | "done" | "declined";
            /**
             * Format: uuid
             * @description UUID
             */
            requested_by: string | null;
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
            operator_notes: string | null;
        };
        Plan: {
            id: string;
            name: string;
            /** @description the most of each metric an organisation on the plan may use (flows a month, stocks at once) */
            limits: {
                leads: number;
                ai_qualifications: number;
                api_requests: number;
                members: number;
                workspaces: number;
                integrations: number;
            };
            position: number;
        };
        AdminPlan: {
            id: string;
            name: string;
            /** @description the most of each metric an organisation on the plan may use (flows a month, stocks at once) */
            limits: {
                leads: number;
                ai_qualifications: number;
                api_requests: number;
                members: number;
                workspaces: number;
                integrations: number;
            };
            position: number;
            stripe_price_id: string | null;
            published: boolean;
        };
        LeadQualification: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            lead_id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            workspace_id: string;
            /** @enum {string} */
            qualifier: "rules" | "llm" | "manual";
            /** @description the model an LLM qualifier used */
            model: string | null;
            score: number;
            /** @enum {string} */
            outcome: "qualified" | "nurture" | "disqualified";
            summary: string | null;
            /** @description why, in the qualifier’s words: [{criterion, points?, matched?, detail?}] */
            reasons: unknown[];
            /**
             * Format: uuid
             * @description who asked for it; null for automatic qualification
             */
            created_by: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        QualificationSettings: {
            /**
             * Format: uuid
             * @description UUID
             */
            workspace_id: string;
            /** @enum {string} */
            qualifier: "rules" | "llm";
            /** @description the rules scorer’s criteria, defaults filled in (docs/revenue.md) */
            criteria: {
                [key: string]: unknown;
            };
            /** @description new leads are qualified on the job queue as they arrive */
            auto_qualify: boolean;
            /**
             * Format: date-time
             * @description null while the workspace has the defaults
             */
            updated_at: string | null;
        };
        QueuedLeadQualification: {
            /**
             * Format: uuid
             * @description the queued job; the qualification it records has the same id
             */
            job_id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            lead_id: string;
            /** @enum {string} */
            status: "queued";
        };
        ApiConnection: {
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
            /**
             * Format: uuid
             * @description UUID
             */
            workspace_id: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            project_id: string | null;
            name: string;
            description: string | null;
            api_type: string;
            endpoint_url: string;
            http_method: string;
            auth_type: string;
            api_key_name: string;
            api_key_in: string;
            custom_headers: {
                [key: string]: string;
            };
            request_body_template: {
                [key: string]: unknown;
            };
            response_path: string | null;
            response_schema: {
                [key: string]: unknown;
            };
            is_active: boolean;
            /** @description whether credentials are stored; they are never shown */
            credentials_configured: boolean;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            credentials_updated_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            last_called_at: string | null;
            last_status: number | null;
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
        ApiConnectionCallResult: {
            /** @description the API's HTTP status */
            status: number;
            /** @description true for a 2xx status */
            ok: boolean;
            /** @description the JSON value at response_path (the whole body without one); text when not JSON */
            body: unknown;
            /** @description true when a text body was cut to 64 KiB */
            truncated: boolean;
        };
        Credits: {
            /** @description the credits the organisation can spend now: granted + purchased */
            balance: number;
            /** @description what is left of this month's grant; it expires when the next one comes */
            granted: number;
            /** @description what is left of the token packs bought; they never expire */
            purchased: number;
            /** @description the plan this month's grant comes from */
            plan_id: string;
            /** @description this month's grant, as given */
            monthly_grant: number;
            /**
             * Format: date
             * @description the first day (UTC) of the month the grant is for
             */
            period_start: string;
            /**
             * Format: date-time
             * @description when the next grant replaces what is left of this one
             */
            resets_at: string;
        };
        TokenUsage: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description null: organisation-wide, or its project was deleted
             */
            project_id: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            chat_id: string | null;
            tokens_used: number;
            /** @enum {string} */
            usage_type: "chat" | "artifact_generation" | "search";
            model: string;
            /**
             * Format: uuid
             * @description who used them (null for an API key, or a deleted user)
             */
            created_by: string | null;
            /**
             * Format: uuid
             * @description the API key that recorded them
             */
            api_key_id: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        TokenPurchase: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            pack_id: string;
            /** @description the tokens the purchase credits once completed */
            token_amount: number;
            /** @enum {string} */
            status: "pending" | "completed" | "failed";
            /** @description what Stripe charged, in the currency's minor units */
            amount_paid: number | null;
            currency: string | null;
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
             * @description ISO 8601 timestamp
             */
            completed_at: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            created_at: string;
        };
        TokenPack: {
            id: string;
            name: string;
            tokens: number;
            /** @description the price, in the currency's minor units, for display */
            unit_amount: number | null;
            currency: string | null;
            position: number;
        };
        OAuth2Connection: {
            /**
             * Format: uuid
             * @description UUID
             */
            id: string;
            /**
             * Format: uuid
             * @description UUID
             */
            workspace_id: string | null;
            /**
             * Format: uuid
             * @description UUID
             */
            project_id: string | null;
            name: string;
            description: string | null;
            provider: string;
            issuer: string | null;
            authorization_endpoint: string;
            token_endpoint: string;
            revocation_endpoint: string | null;
            userinfo_endpoint: string | null;
            client_id: string;
            /**
             * @description how the client authenticates at the token and revocation endpoints (none: a public client, PKCE only)
             * @enum {string}
             */
            client_auth_method: "client_secret_basic" | "client_secret_post" | "none";
            scopes: string[];
            additional_params: {
                [key: string]: string;
            };
            /** @description Palisade's callback: register it with the provider */
            redirect_uri: string;
            is_active: boolean;
            client_secret: {
                configured: boolean;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                updated_at: string | null;
            };
            /**
             * @description reconsent_required: the provider refused the refresh token; a manager must authorize again
             * @enum {string}
             */
            status: "not_connected" | "connected" | "reconsent_required";
            /** @description what is known about the tokens; the tokens themselves are never shown */
            tokens: {
                token_type: string;
                granted_scope: string | null;
                /**
                 * Format: date-time
                 * @description when the access token expires (null: the provider did not say)
                 */
                expires_at: string | null;
                has_refresh_token: boolean;
                /**
                 * Format: uuid
                 * @description UUID
                 */
                connected_by: string | null;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                connected_at: string;
                /**
                 * Format: date-time
                 * @description ISO 8601 timestamp
                 */
                refreshed_at: string | null;
            } | null;
            last_error: string | null;
            /**
             * Format: date-time
             * @description ISO 8601 timestamp
             */
            last_error_at: string | null;
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
    };
    responses: {
        /** @description The request is malformed: a path or query parameter or a header (If-Match, cursor) is not valid, or the body is not valid JSON. `field` names the input. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No valid credential: none was sent, or the token or API key is malformed, expired, revoked or held back (PS424). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The organisation's plan allows no more of a metric (PS402): `field` names it and `usage` gives the limit and, for a monthly one, when it resets (also in `Retry-After`). API requests count against every operation; leads, qualifications, members, workspaces and integrations against the writes that create them. */
        PaymentRequired: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The caller may see this but its role does not allow the operation, or the route needs another kind of credential. Another tenant's object is a 404, never a 403. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The organisation or object does not exist or is not visible to the caller. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The current state forbids it (a name or slug taken, the last owner leaving, a published entry changed), or a concurrent change got in the way: retry. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The thing named has expired, been revoked or been deprecated. */
        Gone: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description `If-Match` names a version that is no longer current: read the resource again. */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request body is larger than the server accepts. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is not sent as `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A value is missing, malformed or out of range, or contains a NUL character: `field` names it (a JSON path for integration documents). */
        UnprocessableEntity: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many requests: `Retry-After` says when to try again. */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description An unexpected failure, logged with the request id; no detail reaches the client. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description An external service the operation relies on failed or answered with something unusable; nothing was recorded. */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The database or the vault is unavailable, or the server is shutting down: try again shortly. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalError"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            500: components["responses"]["InternalError"];
            /** @description The body says why */
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
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateMe: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listOrgs: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createOrg: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organisation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOrg: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organisation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteOrg: {
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
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedOrganisation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateOrg: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organisation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listDeletedOrgs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DeletedOrganisation"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    restoreOrg: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedOrganisation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    leaveOrg: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listMembers: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMember: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    removeMember: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateMember: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    suspendMember: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    reactivateMember: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listInvitations: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createInvitation: {
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
            /** @description Created: `Location` names it */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeInvitation: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    acceptInvitation: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organisation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            410: components["responses"]["Gone"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWorkspaces: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createWorkspace: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWorkspace: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteWorkspace: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateWorkspace: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listProjects: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createProject: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getProject: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteProject: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateProject: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listProjectMembers: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    addProjectMember: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectMember"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    removeProjectMember: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateProjectMember: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectMember"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listProviderDelegations: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProviderDelegation"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    grantProviderDelegation: {
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
                    provider_org_id: string;
                    /**
                     * @description the most anyone acting for the provider will hold here
                     * @enum {string}
                     */
                    role_ceiling: "viewer" | "member" | "admin";
                    /**
                     * Format: date-time
                     * @description when the access ends, in the future; null: never
                     */
                    expires_at?: string | null;
                    /** @description the client's workspaces the delegation is limited to; empty: the whole organisation */
                    workspace_ids?: string[];
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderDelegation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getProviderDelegation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                delegationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderDelegation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeProviderDelegation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                delegationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateProviderDelegation: {
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
                delegationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role_ceiling?: "viewer" | "member" | "admin";
                    /**
                     * Format: date-time
                     * @description when the access ends, in the future; null: never; omitted: unchanged
                     */
                    expires_at?: string | null;
                    /** @description replaces the workspaces it is limited to; empty: the whole organisation; omitted: unchanged */
                    workspace_ids?: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderDelegation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listMyClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["MyClient"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listProviderClients: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProviderClient"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    acceptClientDelegation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                delegationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderClient"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    assignProviderMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                delegationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description an active member of this organisation; or send provider_role
                     */
                    user_id?: string;
                    /**
                     * @description every member holding at least this role; or send user_id
                     * @enum {string}
                     */
                    provider_role?: "owner" | "admin" | "member" | "viewer";
                    /**
                     * @description the most it gives (the ceiling and the person's provider role still cap it)
                     * @enum {string}
                     */
                    role: "viewer" | "member" | "admin";
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderAssignment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unassignProviderMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                delegationId: string;
                /** @description UUID */
                assignmentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createApiKey: {
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
            /** @description Created: `Location` names it */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getApiKey: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeApiKey: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateApiKey: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createAdminToken: {
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
            /** @description Created: `Location` names it */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAllOrgs: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAdmins: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAuditEntries: {
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    verifyAuditChain: {
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listStepTypes: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createStepType: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminStepType"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getStepType: {
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateStepType: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminStepType"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createStepTypeVersion: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminStepTypeVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getStepTypeVersion: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminStepTypeVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteStepTypeVersion: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateStepTypeVersion: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminStepTypeVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    publishStepTypeVersion: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminStepTypeVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deprecateStepTypeVersion: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminStepTypeVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRuleSources: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createRuleSource: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRuleSource"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRuleSource: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRuleSource"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteRuleSource: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateRuleSource: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRuleSource"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRuleSourceSnapshots: {
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pollRuleSource: {
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRulePackDetections: {
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRulePackDetection: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRulePackDetection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    dismissRulePackDetection: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRulePackDetection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createRulePackProposal: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRulePackProposal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRulePackProposals: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
                status?: "pending" | "approved" | "rejected";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRulePackProposal: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRulePackProposal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    approveRulePackProposal: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRulePackProposal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rejectRulePackProposal: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRulePackProposal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRulePacks: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createRulePack: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRulePack"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    publishRulePack: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminRulePack"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listCatalogStepTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getCatalogStepType: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogStepType"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listCatalogRulePacks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listStepTypeInstalls: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    installStepType: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StepTypeInstall"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            410: components["responses"]["Gone"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getStepTypeInstall: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StepTypeInstall"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    uninstallStepType: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateStepTypeInstall: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StepTypeInstall"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    upgradeStepTypeInstall: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StepTypeInstall"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            410: components["responses"]["Gone"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRulePackInstalls: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    installRulePack: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulePackInstall"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    uninstallRulePack: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateRulePackInstall: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulePackInstall"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    upgradeRulePackInstall: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulePackInstall"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWorkflowDefs: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createWorkflowDef: {
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
                    /** @description what a run's input must satisfy (JSON Schema 2020-12, the step types' subset); default {"type": "object"} */
                    input_schema?: unknown;
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowDef"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWorkflowDef: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowDef"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteWorkflowDef: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateWorkflowDef: {
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
                    /** @description what a run's input must satisfy (JSON Schema 2020-12, the step types' subset); default {"type": "object"} */
                    input_schema?: unknown;
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowDef"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    publishWorkflowDef: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowDef"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listIntegrationTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listIntegrationMappingSources: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listIntegrations: {
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createIntegration: {
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
                     * @description a key of GET /v1/integration-types
                     * @enum {string}
                     */
                    type: "cornerstone" | "dynamics365" | "http_api" | "hubspot" | "xledger";
                    /** @description 1 to 200 characters, no control characters */
                    display_name: string;
                    /** @description the type's non-secret settings, as its config schema in GET /v1/integration-types says; a draft's may be partial */
                    config?: {
                        [key: string]: unknown;
                    };
                    /** @description schema_version 1 or 2 (stored as 2); default: the type's */
                    field_mappings?: {
                        /** @enum {number} */
                        schema_version: 1;
                        mappings: {
                            /** @description Where the value comes from in the Palisade record, e.g. employee.number */
                            source: string;
                            /** @description A target field of the integration type (GET /v1/integration-types lists them) */
                            target: string;
                            /** @enum {string} */
                            transform?: "trim" | "uppercase" | "lowercase" | "number" | "boolean" | "date";
                            /** @description Fail the record when the source is empty */
                            required?: boolean;
                        }[];
                    } | {
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
                                    [key: string]: (string | null) | (number | null) | (boolean | null);
                                };
                            };
                            /** @description Fail the record when the source is empty */
                            required?: boolean;
                        }[];
                    };
                    /** @description default: the type's */
                    sync_schedule?: {
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
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Integration"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getIntegration: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Integration"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteIntegration: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateIntegration: {
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
        requestBody: {
            content: {
                "application/json": {
                    /** @description 1 to 200 characters, no control characters */
                    display_name?: string;
                    /**
                     * @description active needs complete config, credentials and mappings; error is set by Palisade
                     * @enum {string}
                     */
                    status?: "draft" | "active" | "paused" | "disabled";
                    /** @description the type's non-secret settings, as its config schema in GET /v1/integration-types says; a draft's may be partial */
                    config?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Integration"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setIntegrationCredentials: {
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
        /** @description the fields of the type's credentials schema (GET /v1/integration-types); write-only */
        requestBody: {
            content: {
                "application/json": {
                    /** @description OAuth client id from Cornerstone Edge (Edge → Integrations → API) */
                    clientId: string;
                    /** @description OAuth client secret from Cornerstone Edge */
                    clientSecret: string;
                } | {
                    /**
                     * Format: uuid
                     * @description Application (client) id of the app registration
                     */
                    clientId: string;
                    /** @description A client secret of the app registration */
                    clientSecret: string;
                } | ({
                    /** @enum {string} */
                    kind: "bearer";
                    /** @description Bearer token */
                    token: string;
                } | {
                    /** @enum {string} */
                    kind: "basic";
                    /** @description User name */
                    username: string;
                    /** @description Password */
                    password: string;
                } | {
                    /** @enum {string} */
                    kind: "api_key";
                    /** @description API key */
                    apiKey: string;
                } | {
                    /** @enum {string} */
                    kind: "none";
                }) | {
                    /** @description Private app access token (Settings → Integrations → Private apps), pat-… */
                    accessToken: string;
                } | {
                    /** @description API token issued in Xledger (Administration → API access) */
                    apiToken: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationCredentialsStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteIntegrationCredentials: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationCredentialsStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setIntegrationFieldMappings: {
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
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {number} */
                    schema_version: 1;
                    mappings: {
                        /** @description Where the value comes from in the Palisade record, e.g. employee.number */
                        source: string;
                        /** @description A target field of the integration type (GET /v1/integration-types lists them) */
                        target: string;
                        /** @enum {string} */
                        transform?: "trim" | "uppercase" | "lowercase" | "number" | "boolean" | "date";
                        /** @description Fail the record when the source is empty */
                        required?: boolean;
                    }[];
                } | {
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
                                [key: string]: (string | null) | (number | null) | (boolean | null);
                            };
                        };
                        /** @description Fail the record when the source is empty */
                        required?: boolean;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Integration"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setIntegrationSyncSchedule: {
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
        requestBody: {
            content: {
                "application/json": {
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
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Integration"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    testIntegration: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationTestResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listIntegrationNotices: {
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
            /** @description OK */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    markIntegrationNoticeRead: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationNotice"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listIntegrationRecords: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
                pending?: "true" | "false";
            };
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["IntegrationRecord"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    stageIntegrationRecords: {
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
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StagedIntegrationRecords"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    syncIntegration: {
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
            /** @description The body says why */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationSyncEvent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listIntegrationSyncEvents: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
            };
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["IntegrationSyncEvent"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getIntegrationSyncEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                integrationId: string;
                /** @description UUID */
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationSyncEvent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    startWorkflowRun: {
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
        requestBody: {
            content: {
                "application/json": {
                    /** @default {} */
                    input?: unknown;
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWorkflowRuns: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
                /** @description UUID */
                workflow_id?: string;
                status?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WorkflowRun"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    cancelWorkflowRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    retryWorkflowStep: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                runId: string;
                /** @description UUID */
                stepRunId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rotateStepSigningKey: {
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
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StepSigningKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setStepBearerToken: {
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
                    token: string;
                };
            };
        };
        responses: {
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    clearStepBearerToken: {
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
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    receiveStepCallback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                stepRunId: string;
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "accepted" | "duplicate";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listLeads: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
                /** @description UUID */
                workspace_id?: string;
                status?: "new" | "contacted" | "qualified" | "disqualified" | "converted";
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Lead"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createLead: {
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
                    /** Format: email */
                    email?: string | null;
                    name?: string | null;
                    company?: string | null;
                    job_title?: string | null;
                    phone?: string | null;
                    /** Format: uri */
                    website?: string | null;
                    message?: string | null;
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Lead"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getLead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Lead"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateLead: {
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
                leadId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email?: string | null;
                    name?: string | null;
                    company?: string | null;
                    job_title?: string | null;
                    phone?: string | null;
                    /** Format: uri */
                    website?: string | null;
                    message?: string | null;
                    /** @enum {string} */
                    status?: "new" | "contacted" | "qualified" | "disqualified" | "converted";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Lead"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listLeadCaptureKeys: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["LeadCaptureKey"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createLeadCaptureKey: {
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
                    /**
                     * Format: date-time
                     * @description when the key stops working; omitted or null: never
                     */
                    expires_at?: string | null;
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        capture_key: components["schemas"]["LeadCaptureKey"];
                        /** @description plc_…: the form sends it as x-lead-capture-key. Store it now: only its hash is kept. */
                        key: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeLeadCaptureKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                captureKeyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    captureLead: {
        parameters: {
            query?: never;
            header: {
                /** @description the form’s capture key */
                "x-lead-capture-key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email?: string | null;
                    name?: string | null;
                    company?: string | null;
                    job_title?: string | null;
                    phone?: string | null;
                    /** Format: uri */
                    website?: string | null;
                    message?: string | null;
                    /**
                     * Format: uuid
                     * @description if the form names one, it must be the key's
                     */
                    workspace_id?: string;
                    /** @description honeypot: a field the form hides from people; a submission that fills it is dropped */
                    hp?: string;
                };
            };
        };
        responses: {
            /** @description The body says why */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "received";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getUsage: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Usage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listImplementationRequests: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ImplementationRequest"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createImplementationRequest: {
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
                    /** @enum {string} */
                    kind: "integration_setup" | "data_import" | "custom_workflow" | "qualification_tuning" | "other";
                    title: string;
                    details?: string | null;
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImplementationRequest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listOpenImplementationRequests: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ImplementationRequestForOperators"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateImplementationRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                requestId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status?: "open" | "in_progress" | "done" | "declined";
                    operator_notes?: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImplementationRequestForOperators"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    receiveHubSpotWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": ({
                    eventId: number;
                    subscriptionType: string;
                    portalId: number;
                    objectId: number;
                    occurredAt: number;
                    propertyName?: string;
                    propertyValue?: string | null;
                } & {
                    [key: string]: unknown;
                })[];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        processed: number;
                        ignored: number;
                        failed: number;
                        /** @description events already stored by an earlier delivery: acknowledged, nothing done */
                        duplicate: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPlans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Plan"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    putPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                planId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description the most of each metric an organisation on the plan may use (flows a month, stocks at once) */
                    limits: {
                        leads: number;
                        ai_qualifications: number;
                        api_requests: number;
                        members: number;
                        workspaces: number;
                        integrations: number;
                    };
                    /** @description the Stripe price a checkout for this plan buys; null: not sold through checkout */
                    stripe_price_id: string | null;
                    published: boolean;
                    position: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminPlan"];
                };
            };
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminPlan"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createCheckout: {
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
                    plan_id: string;
                    success_url: string;
                    cancel_url: string;
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
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
                        /** @enum {string} */
                        status: "open" | "complete" | "expired";
                        checkout_url: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 timestamp
                         */
                        expires_at: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getSubscription: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the plan whose limits apply now: the subscription's while active, trialing or past due, else free */
                        plan_id: string;
                        subscription: {
                            plan_id: string;
                            /** @enum {string} */
                            status: "incomplete" | "incomplete_expired" | "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "paused";
                            /**
                             * Format: date-time
                             * @description ISO 8601 timestamp
                             */
                            current_period_end: string | null;
                            cancel_at_period_end: boolean;
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
                        } | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    receiveStripeWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description the Stripe event, exactly as Stripe sent it */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "processed" | "ignored" | "failed" | "duplicate";
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    qualifyLead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                leadId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default sync
                     * @enum {string}
                     */
                    mode?: "sync" | "queued";
                } | null;
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadQualification"];
                };
            };
            /** @description The body says why */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuedLeadQualification"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listLeadQualifications: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                leadId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["LeadQualification"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getQualificationSettings: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QualificationSettings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setQualificationSettings: {
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
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default rules
                     * @enum {string}
                     */
                    qualifier?: "rules" | "llm";
                    /**
                     * @description omitted keys take their defaults
                     * @default {}
                     */
                    criteria?: {
                        [key: string]: unknown;
                    };
                    /** @default true */
                    auto_qualify?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QualificationSettings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listApiConnections: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
                /** @description Only the connections of this workspace */
                workspace_id?: string;
                /** @description Only the connections of this project */
                project_id?: string;
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiConnection"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createApiConnection: {
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
                "application/json": components["schemas"]["CreateApiConnectionInput"];
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiConnection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getApiConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiConnection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteApiConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateApiConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string | null;
                    /** @description What kind of API it is, a free label (e.g. rest, crm, weather) */
                    api_type?: string;
                    /**
                     * Format: uri
                     * @description Where records are sent
                     */
                    endpoint_url?: string;
                    /**
                     * @description HTTP method records are sent with
                     * @enum {string}
                     */
                    http_method?: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
                    /**
                     * @description How requests authenticate; the credentials must be of the same kind
                     * @enum {string}
                     */
                    auth_type?: "bearer" | "basic" | "api_key" | "none";
                    /** @description For api_key: the header (or query parameter) that carries the key, e.g. X-API-Key */
                    api_key_name?: string;
                    /**
                     * @description For api_key: send it as a header or as a query parameter
                     * @enum {string}
                     */
                    api_key_in?: "header" | "query";
                    /** @description Extra, non-secret request headers */
                    custom_headers?: {
                        [key: string]: string;
                    };
                    /** @description JSON body; mapped targets are filled in at their dotted paths */
                    request_body_template?: {
                        [key: string]: unknown;
                    };
                    /** @description Dotted path to the result in the response body */
                    response_path?: string | null;
                    /** @description A JSON Schema of the response, kept for the caller; Palisade does not enforce it */
                    response_schema?: {
                        [key: string]: unknown;
                    };
                    is_active?: boolean;
                } & components["schemas"]["UpdateApiConnectionInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiConnection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setApiConnectionCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiConnectionCredentialsInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationCredentialsStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteApiConnectionCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationCredentialsStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    testApiConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationTestResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    callApiConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CallApiConnectionInput"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiConnectionCallResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getCredits: {
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credits"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listTokenUsage: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
                /** @description UUID */
                project_id?: string;
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TokenUsage"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    recordTokenUsage: {
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
                     * @description a project of the organisation; null: organisation-wide
                     * @default null
                     */
                    project_id?: string | null;
                    /**
                     * Format: uuid
                     * @description UUID
                     * @default null
                     */
                    chat_id?: string | null;
                    tokens_used: number;
                    /** @enum {string} */
                    usage_type: "chat" | "artifact_generation" | "search";
                    model: string;
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        usage: components["schemas"]["TokenUsage"];
                        credits: components["schemas"]["Credits"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listTokenPacks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TokenPack"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listTokenPurchases: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TokenPurchase"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createTokenPurchase: {
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
                    pack_id: string;
                    success_url: string;
                    cancel_url: string;
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
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
                        pack_id: string;
                        /** @description the tokens the purchase credits once completed */
                        token_amount: number;
                        /** @enum {string} */
                        status: "pending" | "completed" | "failed";
                        /** @description what Stripe charged, in the currency's minor units */
                        amount_paid: number | null;
                        currency: string | null;
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
                         * @description ISO 8601 timestamp
                         */
                        completed_at: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 timestamp
                         */
                        created_at: string;
                        checkout_url: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listOAuthConnections: {
        parameters: {
            query?: {
                /** @description page size, 1 to 100 */
                limit?: number;
                /** @description next_cursor from the previous page, unchanged (opaque, base64url) */
                cursor?: string;
                /** @description UUID */
                workspace_id?: string;
                /** @description UUID */
                project_id?: string;
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OAuth2Connection"][];
                        /** @description pass as ?cursor= for the next page; null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createOAuthConnection: {
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
                     * @description the workspace it belongs to (or project_id, not both)
                     */
                    workspace_id?: string;
                    /**
                     * Format: uuid
                     * @description the project it belongs to (or workspace_id, not both)
                     */
                    project_id?: string;
                    name: string;
                    description?: string | null;
                    /** @description a label of the system, e.g. google, github, salesforce */
                    provider: string;
                    /** @description the authorization server's issuer: when set, a response naming another issuer (iss) is refused */
                    issuer?: string | null;
                    authorization_endpoint: string;
                    token_endpoint: string;
                    revocation_endpoint?: string | null;
                    userinfo_endpoint?: string | null;
                    client_id: string;
                    /**
                     * @description how the client authenticates at the token and revocation endpoints (none: a public client, PKCE only)
                     * @enum {string}
                     */
                    client_auth_method?: "client_secret_basic" | "client_secret_post" | "none";
                    scopes?: string[];
                    /** @description extra authorization request parameters, e.g. {"prompt": "consent", "access_type": "offline"} */
                    additional_params?: {
                        [key: string]: string;
                    };
                    is_active?: boolean;
                };
            };
        };
        responses: {
            /** @description Created: `Location` names it */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuth2Connection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOAuthConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuth2Connection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteOAuthConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done: no content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateOAuthConnection: {
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
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string | null;
                    /** @description a label of the system, e.g. google, github, salesforce */
                    provider?: string;
                    /** @description the authorization server's issuer: when set, a response naming another issuer (iss) is refused */
                    issuer?: string | null;
                    authorization_endpoint?: string;
                    token_endpoint?: string;
                    revocation_endpoint?: string | null;
                    userinfo_endpoint?: string | null;
                    client_id?: string;
                    /**
                     * @description how the client authenticates at the token and revocation endpoints (none: a public client, PKCE only)
                     * @enum {string}
                     */
                    client_auth_method?: "client_secret_basic" | "client_secret_post" | "none";
                    scopes?: string[];
                    /** @description extra authorization request parameters, e.g. {"prompt": "consent", "access_type": "offline"} */
                    additional_params?: {
                        [key: string]: string;
                    };
                    is_active?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuth2Connection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setOAuthClientSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the client secret; stored in the vault, never shown */
                    client_secret: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        configured: true;
                        /**
                         * Format: date-time
                         * @description ISO 8601 timestamp
                         */
                        updated_at: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    authorizeOAuthConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description send the person there to consent; single use, for 10 minutes */
                        authorization_url: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 timestamp
                         */
                        expires_at: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    completeOAuthAuthorization: {
        parameters: {
            query: {
                state: string;
                code?: string;
                error?: string;
                error_description?: string;
                error_uri?: string;
                iss?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        connected: true;
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        org_id: string;
                        /**
                         * Format: uuid
                         * @description UUID
                         */
                        connection_id: string;
                        granted_scope: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 timestamp
                         */
                        expires_at: string | null;
                        message: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            410: components["responses"]["Gone"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    disconnectOAuthConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false when there were no tokens */
                        disconnected: boolean;
                        revocation: {
                            /**
                             * @description none: there was no such token; not_supported: the connection has no revocation_endpoint
                             * @enum {string}
                             */
                            refresh_token: "revoked" | "failed" | "not_supported" | "none";
                            /**
                             * @description none: there was no such token; not_supported: the connection has no revocation_endpoint
                             * @enum {string}
                             */
                            access_token: "revoked" | "failed" | "not_supported" | "none";
                        };
                        message: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    testOAuthConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description UUID */
                orgId: string;
                /** @description UUID */
                connectionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ok: boolean;
                        /** @description the userinfo endpoint's HTTP status */
                        status: number | null;
                        /** @description the access token was refreshed for this call */
                        refreshed: boolean;
                        /** @description the `sub` the provider answered, when it did */
                        subject: string | null;
                        message: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}

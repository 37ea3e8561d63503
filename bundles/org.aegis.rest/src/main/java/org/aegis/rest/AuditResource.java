package org.aegis.rest;

import java.time.Instant;
import java.util.List;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.aegis.api.audit.AuditEntry;
import org.aegis.api.audit.AuditLog;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.Role;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The audit log, for admins: who did what, when, from where, and how it ended. */
@Component(service = AuditResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/audit")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public class AuditResource {
    static final int MAX_LIMIT = 1000;

    public record AuditView(List<EntryView> entries, long next) {
    }

    public record EntryView(long sequence, Instant time, String actor, String action, String outcome, String client,
            String detail) {
    }

    @Reference
    AuditLog audit;

    @GET
    public AuditView read(@QueryParam("from") @DefaultValue("1") String fromParam,
            @QueryParam("limit") @DefaultValue("100") String limitParam) {
        long from = QueryParams.whole("from", fromParam, 1, Long.MAX_VALUE);
        int limit = (int) QueryParams.whole("limit", limitParam, 1, MAX_LIMIT);
        List<EntryView> entries = audit.read(from, limit).stream().map(AuditResource::view).toList();
        long next = entries.isEmpty() ? from : entries.get(entries.size() - 1).sequence() + 1;
        return new AuditView(entries, next);
    }

    private static EntryView view(AuditEntry entry) {
        var r = entry.record();
        return new EntryView(entry.sequence(), r.time(), r.actor(), r.action(), r.outcome(), r.client(), r.detail());
    }
}

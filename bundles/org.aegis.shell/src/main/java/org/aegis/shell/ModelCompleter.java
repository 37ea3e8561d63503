package org.aegis.shell;

import java.util.List;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.router.ModelRouter;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the models the router serves now, and {@code default}. */
@Service
public class ModelCompleter implements Completer {

    @Reference(optional = true)
    ModelRouter router;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        names.getStrings().add("default");
        if (router != null) {
            for (ModelInfo model : router.models()) {
                names.getStrings().add(model.id());
            }
        }
        return names.complete(session, commandLine, candidates);
    }
}

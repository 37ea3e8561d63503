package org.aegis.node.state;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Decisions' side effects through Config Admin: a merged configuration is written only when it differs. */
final class ConfigurationAdminEffects implements Effects {
    private final ConfigurationAdmin configurationAdmin;

    ConfigurationAdminEffects(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    @Override
    public void mergeConfiguration(String pid, Map<String, Object> properties) throws IOException {
        Configuration configuration = configurationAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> merged = configuration.getProperties() == null ? new Hashtable<>()
                : configuration.getProperties();
        properties.forEach(merged::put);
        configuration.updateIfDifferent(merged);
    }
}

package io.headroom.agent.workload;

import io.headroom.agent.source.nvidia.XmlElements;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The {@code <processes>} of each GPU in {@code nvidia-smi -q -x}: the one list that says which
 * MIG GPU instance a process runs in ({@code gpu_instance_id}). Graphics-only processes
 * (type G, a display server) hold no compute and are left out.
 */
final class NvidiaXmlProcesses {

    static final List<String> ARGUMENTS = List.of("-q", "-x");

    private NvidiaXmlProcesses() {}

    static List<GpuProcess> parse(String xml, Map<String, Integer> indexByUuid) throws NvidiaComputeApps.Unreadable {
        Element root = document(xml).getDocumentElement();
        if (!"nvidia_smi_log".equals(root.getTagName())) {
            throw new NvidiaComputeApps.Unreadable("expected <nvidia_smi_log>, found <" + root.getTagName() + ">");
        }
        List<GpuProcess> processes = new ArrayList<>();
        for (Element gpu : XmlElements.children(root, "gpu")) {
            Integer index = indexByUuid.get(text(gpu, "uuid"));
            Element list = XmlElements.child(gpu, "processes");
            if (index == null || list == null) {
                continue;
            }
            for (Element process : XmlElements.children(list, "process_info")) {
                if (text(process, "type").equals("G")) {
                    continue;
                }
                int pid = number(text(process, "pid"));
                if (pid < 0) {
                    throw new NvidiaComputeApps.Unreadable(
                            "GPU " + index + ": '" + text(process, "pid") + "' is not a process id");
                }
                processes.add(new GpuProcess(
                        index,
                        number(text(process, "gpu_instance_id")),
                        pid,
                        text(process, "process_name"),
                        ToolMemory.mib(text(process, "used_memory"))));
            }
        }
        return List.copyOf(processes);
    }

    /** A whole number, -1 for N/A and anything else. */
    private static int number(String text) {
        try {
            int value = Integer.parseInt(text.strip());
            return value >= 0 ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static org.w3c.dom.Document document(String xml) throws NvidiaComputeApps.Unreadable {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // The document names nvsmi_device_v12.dtd; never fetch or resolve anything it points at.
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw new NvidiaComputeApps.Unreadable("nvidia-smi -q -x printed no well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException | IOException e) {
            throw new NvidiaComputeApps.Unreadable("cannot read nvidia-smi's XML: " + e.getMessage());
        }
    }

    private static String text(Element from, String name) {
        Element at = XmlElements.child(from, name);
        return at == null ? "" : at.getTextContent().strip();
    }
}

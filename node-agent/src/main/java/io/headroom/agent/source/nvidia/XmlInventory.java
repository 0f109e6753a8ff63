package io.headroom.agent.source.nvidia;

import io.headroom.core.fleet.Accelerator;
import io.headroom.core.fleet.ComputeInstance;
import io.headroom.core.fleet.MigProfile;
import io.headroom.core.fleet.MigSlice;
import io.headroom.core.fleet.Vendor;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The GPUs and MIG instances in {@code nvidia-smi -q -x}, and each instance's memory in use
 * (the one per-slice figure nvidia-smi gives; --query-gpu knows nothing of MIG). A slice is a
 * GPU instance; its compute instances, which the XML lists one {@code <mig_device>} each, are
 * listed under it.
 *
 * @param sliceMemoryUsedMib by slice UUID
 */
record XmlInventory(String driverVersion, List<Accelerator> accelerators, Map<String, Float> sliceMemoryUsedMib) {

    /** A document that is not nvidia-smi's XML, with the reason. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    static XmlInventory parse(String xml) throws Unreadable {
        Document document = document(xml);
        Element root = document.getDocumentElement();
        if (!"nvidia_smi_log".equals(root.getTagName())) {
            throw new Unreadable("expected <nvidia_smi_log>, found <" + root.getTagName() + ">");
        }
        List<Accelerator> accelerators = new ArrayList<>();
        Map<String, Float> sliceMemory = new HashMap<>();
        int index = 0;
        for (Element gpu : XmlElements.children(root, "gpu")) {
            accelerators.add(accelerator(gpu, index++, sliceMemory));
        }
        return new XmlInventory(text(root, "driver_version"), List.copyOf(accelerators), Map.copyOf(sliceMemory));
    }

    private static Accelerator accelerator(Element gpu, int position, Map<String, Float> sliceMemory)
            throws Unreadable {
        String uuid = text(gpu, "uuid");
        if (!uuid.startsWith("GPU-")) {
            throw new Unreadable("GPU " + gpu.getAttribute("id") + " has no UUID");
        }
        long memoryMib = mib(text(gpu, "fb_memory_usage/total"), uuid);
        boolean mig = "Enabled".equals(text(gpu, "mig_mode/current_mig"));
        String architecture = text(gpu, "product_architecture");
        List<MigSlice> slices = new ArrayList<>();
        if (mig) {
            Element devices = XmlElements.child(gpu, "mig_devices");
            // One <mig_device> per compute instance: a GPU instance split in two is listed twice,
            // each time with the whole instance's (shared) memory. Gathered by GPU instance id,
            // in the order each instance first appears.
            Map<Integer, List<Element>> byInstance = new LinkedHashMap<>();
            for (Element device : devices == null ? List.<Element>of() : XmlElements.children(devices, "mig_device")) {
                byInstance
                        .computeIfAbsent(integer(text(device, "gpu_instance_id"), uuid), gi -> new ArrayList<>())
                        .add(device);
            }
            for (Map.Entry<Integer, List<Element>> instance : byInstance.entrySet()) {
                slices.add(slice(uuid, memoryMib, architecture, instance.getKey(), instance.getValue(), sliceMemory));
            }
        }
        return new Accelerator(uuid, Vendor.NVIDIA, text(gpu, "product_name"), memoryMib, position, mig, slices);
    }

    /** One GPU instance from the {@code <mig_device>} entries of its compute instances. */
    private static MigSlice slice(
            String uuid,
            long gpuMemoryMib,
            String architecture,
            int gi,
            List<Element> devices,
            Map<String, Float> sliceMemory)
            throws Unreadable {
        Element first = devices.getFirst();
        long sliceMib = mib(text(first, "fb_memory_usage/total"), uuid);
        int[] ids = new int[devices.size()];
        int[] sms = new int[devices.size()];
        int instanceSms = 0;
        for (int i = 0; i < devices.size(); i++) {
            ids[i] = integer(text(devices.get(i), "compute_instance_id"), uuid);
            // Under "shared" in the XML, but it is the compute instance's SMs: a split instance's add up.
            sms[i] = integer(text(devices.get(i), "device_attributes/shared/multiprocessor_count"), uuid);
            instanceSms += sms[i];
        }
        // SMs no compute instance holds are not in the XML: an instance not wholly split into compute
        // instances can read one compute slice smaller (3g for 4g) than it is.
        MigProfile profile = MigProfiles.infer(gpuMemoryMib, sliceMib, instanceSms, architecture);
        List<ComputeInstance> computeInstances = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            // The driver's MIG device UUIDs are not in this XML (they are in -L); a <uuid> is read if a driver adds
            // one.
            computeInstances.add(new ComputeInstance(
                    ids[i],
                    text(devices.get(i), "uuid"),
                    sms[i],
                    profile == null ? 0 : MigProfiles.computeSlices(sms[i], profile.computeSlices(), architecture)));
        }
        // The name CUDA used for MIG devices before R470, for the first compute instance: what this
        // slice was called when the agent served one slice per compute instance, so readings and
        // caches keep their key.
        String sliceUuid = "MIG-" + uuid + "/" + gi + "/" + ids[0];
        try {
            sliceMemory.put(sliceUuid, NvidiaValues.number(text(first, "fb_memory_usage/used")));
        } catch (NvidiaValues.NotAValue e) {
            throw new Unreadable("MIG " + gi + " of " + uuid + ": memory used " + e.getMessage());
        }
        return new MigSlice(
                sliceUuid,
                gi,
                ids[0],
                profile == null ? MigSlice.PROFILE_UNKNOWN : profile.id(),
                profile == null ? "unknown" : profile.nameFor(gpuMemoryMib),
                MigSlice.PLACEMENT_UNKNOWN,
                profile == null ? 0 : profile.memorySlices(),
                sliceMib,
                computeInstances);
    }

    private static Document document(String xml) throws Unreadable {
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
            throw new Unreadable("not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException | IOException e) {
            throw new Unreadable("cannot read XML: " + e.getMessage());
        }
    }

    private static long mib(String text, String gpu) throws Unreadable {
        try {
            float value = NvidiaValues.number(text);
            if (Float.isNaN(value)) {
                throw new Unreadable(gpu + ": memory size not given");
            }
            return (long) value;
        } catch (NvidiaValues.NotAValue e) {
            throw new Unreadable(gpu + ": memory " + e.getMessage());
        }
    }

    private static int integer(String text, String gpu) throws Unreadable {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new Unreadable(gpu + ": '" + text + "' is not a whole number");
        }
    }

    /** The text at a slash-separated path of child elements, "" when absent. */
    private static String text(Element from, String path) {
        Element at = from;
        for (String name : path.split("/", -1)) { // -1: paths are our own literals, never with a trailing slash
            at = XmlElements.child(at, name);
            if (at == null) {
                return "";
            }
        }
        return at.getTextContent().strip();
    }
}

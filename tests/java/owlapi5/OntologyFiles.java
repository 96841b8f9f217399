import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.semanticweb.owlapi.formats.OWLXMLDocumentFormat;
import org.semanticweb.owlapi.formats.RDFXMLDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;

/** OWL API 5 file handling for OwlCheck: RDF/XML or OWL/XML (.owx) in and out. */
final class OntologyFiles {
    static final String API = "5";

    static OWLOntology load(OWLOntologyManager manager, File file) throws Exception {
        // Told the format, the OWL API uses only its RDF/XML parser; left to guess, it tries
        // every parser and has accepted malformed files as some other syntax.
        OWLDocumentFormat format = file.getName().endsWith(".owx") ? new OWLXMLDocumentFormat() : new RDFXMLDocumentFormat();
        return manager.loadOntologyFromOntologyDocument(new FileDocumentSource(file, format));
    }

    static void save(OWLOntologyManager manager, OWLOntology ontology, File out) throws Exception {
        OWLDocumentFormat format = out.getName().endsWith(".owx") ? new OWLXMLDocumentFormat() : new RDFXMLDocumentFormat();
        manager.saveOntology(ontology, format, IRI.create(out.toURI()));
    }

    static String formatName(OWLOntologyManager manager, OWLOntology ontology) {
        return manager.getOntologyFormat(ontology).getKey();
    }

    static String versionIri(OWLOntology ontology) {
        return ontology.getOntologyID().getVersionIRI().map(IRI::toString).orElse("");
    }

    /** Triples the RDF parser could not turn into axioms or annotations. */
    static List<String> unparsedTriples(OWLOntologyManager manager, OWLOntology ontology) {
        List<String> triples = new ArrayList<>();
        OWLOntologyLoaderMetaData meta = manager.getOntologyFormat(ontology).getOntologyLoaderMetaData().orElse(null);
        if (meta instanceof RDFParserMetaData) {
            ((RDFParserMetaData) meta).getUnparsedTriples().forEach(triple -> triples.add(triple.toString()));
        }
        return triples;
    }
}
